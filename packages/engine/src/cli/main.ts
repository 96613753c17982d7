#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RUN_MODES, type RunMode } from '../model/document.ts';
import { error, hasErrors } from '../model/problem.ts';
import { isValidDate } from '../conditions/index.ts';
import { checkWorkflow, type ResolvePath, type RunWorkflowResult } from '../duckdb/run-workflow.ts';
import { newRunId, resumeDurableRun, startDurableRun } from '../duckdb/durable-run.ts';
import type { RunEvent } from '../run/run-events.ts';
import type { AddressAllowList } from '../destinations/destination-schema.ts';
import type { CredentialResolver } from '../destinations/credentials.ts';
import { generateDataset } from '../generate/index.ts';
import { intFlag, onlyFlags, parseArgs, stringFlag, UsageError, type ParsedArgs } from './args.ts';
import { formatRunTable, progressLine, runJson } from './run-table.ts';
import { runDemo } from './demo.ts';

const USAGE = `usage:
  segflow validate FILE
  segflow run FILE [--as-of YYYY-MM-DD] [--mode sequential|parallel|hybrid] [--partitions N] [--json]
                   [--state DIR] [--resume RUN_ID]
  segflow generate --customers N [--events-per-customer M] [--seed S] [--format parquet|csv] --out DIR
  segflow demo [--customers N] [--out DIR]`;

/** Relative paths in a document resolve against the document's folder. */
const besideFile = (file: string): ResolvePath => (path) => resolve(dirname(resolve(file)), path);

/** Reads a document; a file that is not JSON is a problem, not a crash. */
async function readDocument(file: string): Promise<{ document?: unknown; problem?: ReturnType<typeof error> }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return { document: JSON.parse(text) };
  } catch (e) {
    return { problem: error('invalid_document', `${file} is not JSON: ${(e as Error).message}`) };
  }
}

/**
 * SEGFLOW_DESTINATION_ALLOW (alias SEGFLOW_WEBHOOK_ALLOW): hosts and CIDRs webhooks and
 * databases may reach besides public addresses, comma-separated.
 */
function allowListFromEnv(): AddressAllowList {
  const text = [process.env.SEGFLOW_DESTINATION_ALLOW, process.env.SEGFLOW_WEBHOOK_ALLOW].filter(Boolean).join(',');
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean);
  return { cidrs: entries.filter((e) => e.includes('/')), hosts: entries.filter((e) => !e.includes('/')) };
}

/** SEGFLOW_CONNECTIONS and SEGFLOW_SECRETS: JSON objects of name → value that destinations name. */
function credentialsFromEnv(): CredentialResolver {
  const read = (variable: string): Record<string, unknown> => {
    const text = process.env[variable];
    if (!text) return {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError(`${variable} must be a JSON object of names and values`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${variable} must be a JSON object of names and values`);
    return value as Record<string, unknown>;
  };
  const [connections, secrets] = [read('SEGFLOW_CONNECTIONS'), read('SEGFLOW_SECRETS')];
  const lookup = (table: Record<string, unknown>) => (name: string) => (Object.hasOwn(table, name) && typeof table[name] === 'string' ? table[name] : undefined);
  return { connection: lookup(connections), secret: lookup(secrets) };
}

function fileArg(args: ParsedArgs): string {
  if (args.positional.length !== 1) throw new UsageError('expected exactly one FILE');
  return args.positional[0];
}

async function validateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  onlyFlags(args, []);
  const file = fileArg(args);
  const { document, problem } = await readDocument(file);
  const problems = problem ? [problem] : (await checkWorkflow(document, { resolvePath: besideFile(file), credentials: credentialsFromEnv() })).problems;
  process.stdout.write(`${JSON.stringify({ ok: !hasErrors(problems), problems }, null, 2)}\n`);
  return hasErrors(problems) ? 1 : 0;
}

async function runCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['json']);
  onlyFlags(args, ['as-of', 'mode', 'partitions', 'json', 'state', 'resume']);
  const file = fileArg(args);
  const json = args.flags.has('json');
  const mode = stringFlag(args, 'mode');
  if (mode !== undefined && !RUN_MODES.includes(mode as RunMode)) throw new UsageError(`--mode must be one of ${RUN_MODES.join(', ')}`);
  const asOf = stringFlag(args, 'as-of');
  if (asOf !== undefined && !isValidDate(asOf)) throw new UsageError('--as-of must be a date as YYYY-MM-DD');
  const partitions = intFlag(args, 'partitions', { min: 1, max: 256 });
  const stateDir = resolve(stringFlag(args, 'state') ?? join(dirname(resolve(file)), '.segflow'));
  const resumeId = stringFlag(args, 'resume');
  const { document, problem } = await readDocument(file);
  const options = {
    resolvePath: besideFile(file), mode: mode as RunMode | undefined, partitions, asOf, stateDir,
    // The CLI runs what its operator asks, so it delivers to webhooks and tables too.
    remote: true, addressAllowList: allowListFromEnv(), credentials: credentialsFromEnv(),
    onEvent: json ? undefined : (e: RunEvent) => { const line = progressLine(e); if (line) process.stderr.write(`${line}\n`); },
  };
  const runId = resumeId ?? newRunId();
  if (!problem && !json) process.stderr.write(`run ${runId} (state in ${stateDir}; resume with --resume ${runId})\n`);
  const result: RunWorkflowResult = problem
    ? { problems: [problem] }
    : resumeId
      ? await resumeDurableRun(resumeId, options).catch((e: Error) => { throw new UsageError(e.message); })
      : await startDurableRun(document, { ...options, runId });
  if (!result.state) {
    if (json) process.stdout.write(`${JSON.stringify({ status: 'failed', mode: mode ?? 'hybrid', nodes: {}, segments: {}, problems: result.problems })}\n`);
    else process.stdout.write(`Not run: the workflow has problems.\n${result.problems.map((p) => `  ${p.severity} ${p.code}${p.nodeId ? ` [${p.nodeId}]` : ''}: ${p.message}`).join('\n')}\n`);
    return 1;
  }
  const state = result.state;
  if (json) process.stdout.write(`${JSON.stringify({ ...runJson(state), runId, problems: result.problems })}\n`);
  else {
    const kinds = new Map(((document as { nodes: { id: string; kind: string }[] }).nodes ?? []).map((n) => [n.id, n.kind]));
    process.stdout.write(`${formatRunTable(state, kinds)}\n`);
  }
  return state.status === 'succeeded' ? 0 : 1;
}

async function generateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  onlyFlags(args, ['customers', 'events-per-customer', 'seed', 'out', 'format']);
  const customers = intFlag(args, 'customers', { min: 1, max: 100_000_000 });
  const out = stringFlag(args, 'out');
  if (customers === undefined || !out) throw new UsageError('generate needs --customers N and --out DIR');
  const format = stringFlag(args, 'format') ?? 'parquet';
  if (format !== 'parquet' && format !== 'csv') throw new UsageError('--format must be parquet or csv');
  const result = await generateDataset({
    customers, outDir: resolve(out), format,
    eventsPerCustomer: intFlag(args, 'events-per-customer', { min: 0, max: 10_000 }),
    seed: intFlag(args, 'seed', { min: 0, max: 2 ** 31 - 1 }),
    onProgress: (p) => process.stderr.write(`${p.step} ${p.done}/${p.total}\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

async function demoCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  onlyFlags(args, ['customers', 'out']);
  return runDemo({ customers: intFlag(args, 'customers', { min: 100, max: 10_000_000 }) ?? 200_000, out: resolve(stringFlag(args, 'out') ?? 'data/demo') });
}

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  validate: validateCommand, run: runCommand, generate: generateCommand, demo: demoCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const run = COMMANDS[command ?? ''];
    if (!run) throw new UsageError(command ? `unknown command ${command}` : 'no command');
    return await run(rest);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`segflow: ${e.message}\n${USAGE}\n`);
    return 2;
  }
}

/** Runs a command and exits with its code; a bug exits 3 with its stack. */
export function runCli(argv: string[], run: (argv: string[]) => Promise<number> = main): void {
  run(argv).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`segflow: ${(e as Error).stack ?? e}\n`);
      process.exit(3);
    },
  );
}

// Run when started as a program; stay quiet when imported (the server's CLI wraps this one).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCli(process.argv.slice(2));
