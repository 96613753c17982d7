import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryLedger } from './ledger.ts';
import type { MembershipSnapshots } from './membership.ts';

interface PointerState {
  /** scope → the run whose keys it last received. */
  last: Record<string, string>;
  /** `runId|scope` → the run it diffs against (null: none). */
  bases: Record<string, string | null>;
}

/**
 * Membership snapshots in a folder, for the CLI's state folder: the keys as
 * `<dir>/<runId>/<nodeId>.parquet`, the pointers in `<dir>/pointers.json`,
 * replaced whole (written, synced, renamed) so a crash leaves the old or the new.
 *
 * `delivered` moves the pointer before it records the ledger key: a crash in
 * between makes the resumed run deliver the same changes again (a table's
 * transaction is idempotent, a webhook's receiver de-duplicates by key), never
 * skip them.
 */
export function folderSnapshots(dir: string, ledger: DeliveryLedger): MembershipSnapshots {
  const file = join(dir, 'pointers.json');
  const read = (): PointerState => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PointerState) : { last: {}, bases: {} });
  const write = (state: PointerState) => {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.partial-${process.pid}`;
    const fd = openSync(partial, 'w');
    try {
      writeSync(fd, JSON.stringify(state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
  };
  return {
    file: (runId, nodeId) => join(dir, runId, `${nodeId}.parquet`),
    async base(scope, runId) {
      const state = read();
      const k = `${runId}|${scope}`;
      if (!(k in state.bases)) {
        state.bases[k] = state.last[scope] ?? null;
        write(state);
      }
      return state.bases[k] ?? undefined;
    },
    async delivered(scope, runId, ledgerKey) {
      const state = read();
      state.last[scope] = runId;
      write(state);
      if (ledgerKey) await ledger.record(ledgerKey);
    },
  };
}
