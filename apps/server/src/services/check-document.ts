import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { analyzedOutput, cachedDescribe, checkWorkflow, error, fingerprint, isWarehouseRead, hasErrors, isFileDestination, type AddressAllowList, type CredentialResolver, type Database, type DescribeSource, type Problem, type ResolvePath, type Workflow, type CheckedWorkflow } from '@segflow/engine/node';
import type { Logger } from 'pino';
import type { SharedDuckDb } from './duckdb.ts';
import { isPlainName, nameInside, pathResolver } from './resolve-path.ts';
import { unknownCredentials } from '../credentials/unknown-credentials.ts';
import { checkThreads } from './check-threads/pool.ts';
import { bodySightings } from './body-sightings.ts';

export interface SourceSummary {
  ok: boolean;
  columns?: { name: string; type: string }[];
  message?: string;
}

export interface DocumentCheck {
  ok: boolean;
  problems: Problem[];
  /** What the server found for each source node: its file's columns, or why it cannot be read. */
  sources: Record<string, SourceSummary>;
  workflow?: Workflow;
  /** What the document's sources read, as validation parsed their settings. */
  reads?: CheckedWorkflow['reads'];
}

interface CheckDeps {
  /** Describes files on a miss; a check thread has none and is given `describe`. */
  duckdb?: SharedDuckDb;
  datasets: string;
  outputs: string;
  addressAllowList?: AddressAllowList;
  describe?: DescribeSource;
  /** Whether a connection or secret of this name is stored; absent, names are not checked. */
  hasCredential?: (kind: 'connection' | 'secret', name: string) => boolean;
  /** What stored connection names stand for: sources reading warehouse tables are described from its catalog. */
  credentials?: CredentialResolver;
  /** Where a document's paths lead; default: inside the datasets folder, nothing written. */
  resolvePath?: ResolvePath;
}

/** How long an answer is reused for the same document over unchanged files. */
const ANSWER_MS = 5_000;
const MAX_ANSWERS = 200;

export type DocumentChecker = ReturnType<typeof documentChecker>;

/** Whether a checked document reads warehouse tables (described with stored connections, changing without any file changing). */
export const readsWarehouse = (check: DocumentCheck) => (check.reads ?? []).some(({ read }) => isWarehouseRead(read));

/** The files a checked document reads, where the check found them. */
export const filesOf = (check: DocumentCheck, resolveSource: ResolvePath) =>
  (check.reads ?? []).flatMap(({ read }) => {
    if (isWarehouseRead(read)) return [];
    try {
      return [resolveSource(read.path, 'read')];
    } catch {
      return [];
    }
  });

/**
 * checkDocument for the whole server: source columns are read once per file
 * version, and the same document over the same files gets the same answer for
 * a few seconds without checking it again (an editor and its previews ask the
 * server about one document many times). Answers are shared: read them only.
 * `check(document, contentKey?)`; `remembered(contentKey)`: a fresh answer for
 * that key, if any; `inThread(body, contentKey?)`: a request body's answer from a
 * check thread, if it gave one (kept under the key, when there is one), and the
 * body's bytes to read from then on (the thread may have had the body's memory:
 * read these, not `body`; none when the thread stopped with them);
 * `seenBefore(body)`: whether bytes like these came lately (see body-sightings.ts).
 */
export function documentChecker(deps: Omit<CheckDeps, 'describe'> & { duckdb: SharedDuckDb; threads?: number; logger?: Logger }) {
  const describe = cachedDescribe();
  const answers = new Map<string, { check: DocumentCheck; files: string[]; fingerprints: string; at: number }>();
  const fingerprints = (files: string[]) => files.map(fingerprint).join('\n');
  const remembered = (key: string) => {
    const known = answers.get(key);
    return known && Date.now() - known.at < ANSWER_MS && fingerprints(known.files) === known.fingerprints ? known.check : undefined;
  };
  const remember = (key: string, check: DocumentCheck, files: string[]) => {
    answers.delete(key);
    answers.set(key, { check, files, fingerprints: fingerprints(files), at: Date.now() });
    if (answers.size > MAX_ANSWERS) answers.delete(answers.keys().next().value!);
  };
  const check = async (document: unknown, contentKey?: string) => {
    const key = contentKey ?? `json:${createHash('sha256').update(JSON.stringify(document) ?? 'undefined').digest('base64')}`;
    const known = remembered(key);
    if (known) return known;
    // Each path is resolved once per request (each resolution asks the file system about links), for the check and for its memory.
    const resolvePath = resolvedOnce(pathResolver(deps.datasets));
    const answer = await checkDocument(document, { ...deps, describe, resolvePath });
    // A warehouse table (or the stored connection naming it) changes without any file changing: never remembered.
    if (readsWarehouse(answer)) answers.delete(key);
    else remember(key, answer, filesOf(answer, resolvePath));
    return answer;
  };
  const threads = checkThreads({
    count: deps.threads ?? 0, datasets: deps.datasets, outputs: deps.outputs, addressAllowList: deps.addressAllowList, checksCredentials: deps.hasCredential !== undefined, logger: deps.logger,
    describe: async (config, path) => {
      let connecting: ReturnType<Database['connect']> | undefined;
      try {
        return await describe(config, path, () => (connecting ??= deps.duckdb.get().then((database) => database.connect())));
      } finally {
        (await connecting?.catch(() => undefined))?.closeSync();
      }
    },
  });
  const inThread = async (body: Buffer, contentKey?: string): Promise<{ check?: DocumentCheck; body: Buffer | undefined }> => {
    const { checked, body: bytes } = await threads.check(body);
    // A name that is not stored makes a problem only the server words: it checks such a document itself.
    if (!checked || checked.credentialNames.some(([kind, name]) => !deps.hasCredential?.(kind, name))) return { body: bytes };
    if (contentKey) remember(contentKey, checked.check, checked.files);
    return { check: checked.check, body: bytes };
  };
  const seenBefore = bodySightings(4 * MAX_ANSWERS);
  return Object.assign(check, { remembered, inThread, seenBefore, startThreads: threads.start, close: threads.close });
}

/** A resolver that answers each (path, use) once, refusals included: for one request, when files cannot change in between for its purposes. */
export function resolvedOnce(resolve: ResolvePath): ResolvePath {
  const known = new Map<string, { path: string } | { error: unknown }>();
  return (path, use) => {
    const key = `${use}\u0000${path}`;
    let answer = known.get(key);
    if (!answer) {
      try {
        answer = { path: resolve(path, use) };
      } catch (error) {
        answer = { error };
      }
      known.set(key, answer);
    }
    if ('error' in answer) throw answer.error;
    return answer.path;
  };
}

/**
 * The engine's validation plus what only the server knows: sources must be
 * datasets, and outputs must stay inside the run's folder (checked up front, so a
 * run is refused instead of failing at its last node).
 */
export async function checkDocument(
  document: unknown,
  deps: CheckDeps,
): Promise<DocumentCheck> {
  const analysis = await checkWorkflow(document, {
    resolvePath: deps.resolvePath ?? pathResolver(deps.datasets), database: await deps.duckdb?.get(), describe: deps.describe, addressAllowList: deps.addressAllowList, credentials: deps.credentials,
  });
  const problems = [...analysis.problems];
  // A run's folder is new and empty when its outputs are written, so no link can be on the way yet:
  // the text of the path decides here; the run checks links again when it writes.
  const probe = join(deps.outputs, '_check');
  for (const node of analysis.nodes.values()) {
    const output = analyzedOutput(node);
    if (!output) continue;
    const { destination } = output;
    if (deps.hasCredential) problems.push(...unknownCredentials(node.id, destination, deps.hasCredential));
    // Webhooks and tables have no path; a draft run writes them to <segment>.csv inside the run's folder.
    if (!isFileDestination(destination)) continue;
    // A path the engine refused already (a folder) is told once.
    if (problems.some((p) => p.nodeId === node.id && p.code === 'invalid_config' && p.field === 'destination.path')) continue;
    const path = destination.path;
    // A plain file name (nearly every output) cannot leave the folder: no path to work out for it.
    if (isPlainName(path)) continue;
    try {
      nameInside(probe, path, 'Output', "run's outputs folder");
    } catch (e) {
      problems.push(error('invalid_config', (e as Error).message, { nodeId: node.id, field: 'destination.path' }));
    }
  }
  const sources = Object.fromEntries(
    Object.entries(analysis.sources).map(([id, facts]) => [
      id,
      facts.ok ? { ok: true, columns: facts.columns.map((c) => ({ name: c.name, type: c.type })) } : { ok: false, message: facts.message },
    ]),
  );
  return { ok: !hasErrors(problems), problems, sources, workflow: analysis.workflow, reads: analysis.reads };
}
