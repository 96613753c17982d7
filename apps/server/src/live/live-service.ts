import type { Logger } from 'pino';
import type { AddressAllowList, CredentialResolver } from '@segflow/engine/node';
import type { InputProblem } from '@segflow/engine';
import type { Sqlite } from '../store/database.ts';
import type { WorkflowStore } from '../store/workflows.store.ts';
import type { VersionStore } from '../store/versions.store.ts';
import type { EvaluateService } from '../services/evaluate-service.ts';
import type { PreviewService } from '../services/preview-service.ts';
import { HttpError } from '../http/errors.ts';
import { applyIngest, type Seed } from './apply-ingest.ts';
import { liveStore } from './live.store.ts';
import { liveDeliverer } from './live-delivery.ts';
import { membershipHub } from './membership-hub.ts';
import { reconcile } from './reconcile.ts';
import type { LiveRedis } from '../queue/live-redis.ts';
import { asOfDay, liveVersion, readItem, seedOf, type LiveVersion, type ReadItem } from './live-version.ts';

interface Deps {
  db: Sqlite;
  workflows: WorkflowStore;
  versions: VersionStore;
  evaluator: EvaluateService;
  previews: PreviewService;
  logger: Logger;
  allow: AddressAllowList;
  credentials?: CredentialResolver;
  /** Between nightly reconciles (default a day); 0: none. */
  reconcileEveryMs?: number;
  /** With SEGFLOW_REDIS_URL: several servers share the live audiences (streams and delivery). */
  redis?: LiveRedis;
}

export interface IngestBody {
  workflows?: string[];
  events?: { id: string; values: Record<string, unknown> }[];
  profiles?: Record<string, unknown>[];
}

const DAY_MS = 86_400_000;

/**
 * Live audiences (issue #17): published workflows marked real-time keep each
 * customer's membership up to date as events and profile upserts arrive, and
 * every enter and exit is delivered to the outputs' webhooks and streamed.
 */
export function liveService(deps: Deps) {
  const store = liveStore(deps.db);
  const hub = membershipHub();
  deps.redis?.follow((workflowId) => hub.changed(workflowId));
  /** After changes were stored: this server's streams, then the other servers'. */
  const announce = (workflowId: string) => {
    hub.changed(workflowId);
    deps.redis?.announce(workflowId);
  };
  const versions = new WeakMap<object, LiveVersion>();

  /** The published version the live audience uses, compiled; a 404/409/422 in words when there is none. */
  async function current(workflowId: string): Promise<LiveVersion> {
    const workflow = deps.workflows.get(workflowId);
    if (!workflow) throw new HttpError(404, 'not_found', `There is no workflow ${workflowId}.`);
    if (workflow.publishedVersion === null) throw new HttpError(409, 'not_live', `"${workflow.name}" has no published version: publish it before it can keep a live audience.`);
    const compiled = await deps.evaluator.compiled(deps.versions.get(workflowId, workflow.publishedVersion)!);
    if ('problems' in compiled) throw new HttpError(422, 'invalid_document', `The published version of "${workflow.name}" cannot be evaluated: its document has problems.`, { problems: compiled.problems });
    let version = versions.get(compiled);
    if (!version) versions.set(compiled, (version = liveVersion(workflowId, compiled)));
    return version;
  }

  const deliverer = liveDeliverer({ store, allow: deps.allow, credentials: deps.credentials, logger: deps.logger, lock: deps.redis?.tryLock, outputs: async (id) => (await current(id)).outputs });

  async function status(workflowId: string) {
    const workflow = deps.workflows.get(workflowId)!;
    // Only webhooks receive changes; outputs written to files have nothing pending.
    const outputs = workflow.publishedVersion === null ? [] : await current(workflowId).then((v) => v.outputs, () => []);
    const nodes = outputs.filter((o) => (o.destination as { type?: string } | undefined)?.type === 'webhook').map((o) => o.nodeId);
    return {
      enabled: store.isEnabled(workflowId),
      version: workflow.publishedVersion,
      customers: store.customerCount(workflowId),
      members: store.memberCounts(workflowId),
      pendingDeliveries: nodes.reduce((n, node) => n + store.pendingDeliveries(workflowId, node), 0),
      lastReconcile: store.lastReconcile(workflowId),
    };
  }

  /** Reads every item for one workflow; problems name them as sent. */
  function readAll(version: LiveVersion, body: IngestBody): { items: ReadItem[]; problems: InputProblem[] } {
    const items: ReadItem[] = [];
    const problems: InputProblem[] = [];
    const take = (read: { item?: ReadItem; problems: InputProblem[] }) => (read.item ? items.push(read.item) : problems.push(...read.problems));
    (body.profiles ?? []).forEach((values, i) => take(readItem(version, { kind: 'profile', values }, `profiles[${i}]`)));
    (body.events ?? []).forEach((e, i) => take(readItem(version, { kind: 'event', id: e.id, values: e.values }, `events[${i}].values`)));
    return { items, problems };
  }

  /** Customers the live audience has never seen and this call gives no profile of: their rows in the workflow's sources. */
  async function seeds(version: LiveVersion, items: ReadItem[]): Promise<Map<string, Seed>> {
    const found = new Map<string, Seed>();
    const profiled = new Set(items.filter((i) => i.kind === 'profile').map((i) => i.key));
    for (const key of new Set(items.map((i) => i.key))) {
      if (profiled.has(key) || store.customer(version.workflowId, key)) continue;
      try {
        const data = await deps.evaluator.storedCustomer(version.workflowId, version.compiled, JSON.parse(key));
        if (data) found.set(key, seedOf(version, data));
      } catch (error) {
        deps.logger.warn({ workflowId: version.workflowId, err: error }, 'a new live customer could not be read from the sources');
      }
    }
    return found;
  }

  async function reconcileNow(workflowId: string, trigger: string) {
    const version = await current(workflowId);
    const { report, changes } = await reconcile(store, deps.previews, version, trigger);
    if (changes.length) {
      announce(workflowId);
      deliverer.wake(workflowId);
    }
    return report;
  }

  let nightly: NodeJS.Timeout | undefined;

  return {
    store,
    hub,
    current,
    status,
    async setEnabled(workflowId: string, enabled: boolean, by: string | null) {
      if (enabled) {
        await current(workflowId);
        store.enable(workflowId, by);
      } else store.disable(workflowId);
      return status(workflowId);
    },

    async ingest(body: IngestBody) {
      const targets = body.workflows ?? store.enabledWorkflows();
      if (!targets.length) throw new HttpError(409, 'not_live', 'No workflow is marked real-time: mark one in its publish settings first.');
      for (const id of targets) if (!store.isEnabled(id)) throw new HttpError(409, 'not_live', `The workflow ${id} is not marked real-time.`);
      const read = [];
      for (const id of targets) {
        const version = await current(id);
        const { items, problems } = readAll(version, body);
        if (problems.length) {
          const name = deps.workflows.get(id)!.name;
          throw new HttpError(422, 'invalid_request', `Some values do not fit the columns of "${name}": ${problems[0].field}: ${problems[0].message}`, { problems: problems.slice(0, 50) });
        }
        read.push({ version, items });
      }
      const result = { accepted: 0, duplicates: 0, profiles: 0, workflows: targets, changes: 0 };
      for (const { version, items } of read) {
        const applied = applyIngest(store, version, items, asOfDay(version, new Date()), await seeds(version, items));
        if (applied.changes.length) {
          announce(version.workflowId);
          deliverer.wake(version.workflowId);
        }
        result.accepted = Math.max(result.accepted, applied.accepted);
        result.duplicates = Math.max(result.duplicates, applied.duplicates);
        result.profiles = Math.max(result.profiles, applied.profiles);
        result.changes += applied.changes.length;
      }
      return result;
    },

    reconcile: reconcileNow,

    /** After a start or crash: sends what was stored but not yet delivered; then reconciles every day. */
    start() {
      for (const id of store.enabledWorkflows()) deliverer.wake(id);
      const every = deps.reconcileEveryMs ?? DAY_MS;
      if (every > 0) {
        nightly = setInterval(() => {
          for (const id of store.enabledWorkflows()) {
            // Several servers: the one that claims it first reconciles; the result is the same anyway.
            const mine = deps.redis ? deps.redis.claimReconcile(id, every) : Promise.resolve(true);
            mine.then((yes) => (yes ? reconcileNow(id, 'nightly') : undefined))
              .catch((error) => deps.logger.warn({ workflowId: id, err: error }, 'nightly reconcile failed'));
          }
        }, every);
        nightly.unref();
      }
    },
    close() {
      if (nightly) clearInterval(nightly);
      deliverer.close();
    },
  };
}

export type LiveService = ReturnType<typeof liveService>;
