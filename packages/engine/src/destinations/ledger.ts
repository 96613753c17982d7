import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * What has been delivered, by key (`${runId}:${nodeId}:${batch}` for a webhook
 * batch, `${runId}:${nodeId}:pg` for a table). A delivery records a key only
 * once the receiver has it and before it moves on, so a resumed or retried run
 * skips every key already there.
 */
export interface DeliveryLedger {
  delivered(key: string): Promise<boolean>;
  record(key: string): Promise<void>;
}

/** A ledger that lives as long as the process: for previews, tests and one-shot CLI runs. */
export function memoryLedger(): DeliveryLedger {
  const keys = new Set<string>();
  return {
    delivered: async (key) => keys.has(key),
    record: async (key) => void keys.add(key),
  };
}

/**
 * An append-only NDJSON ledger (`{"key":…,"at":…}` per line). `record` resolves
 * only after the line is fsynced, so a key it reported survives a crash. A line
 * torn by a crash mid-write is ignored: its batch was not recorded, and is sent
 * again (receivers de-duplicate by Idempotency-Key).
 *
 * @example
 *   const ledger = fileLedger('.segflow/deliveries.ndjson');
 *   if (!(await ledger.delivered(key))) { await send(); await ledger.record(key); }
 */
export function fileLedger(path: string): DeliveryLedger {
  let loaded: Promise<{ keys: Set<string>; needsNewline: boolean; exists: boolean }> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const load = () =>
    (loaded ??= (async () => {
      const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      });
      const keys = new Set<string>();
      for (const line of (text ?? '').split('\n')) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as { key?: unknown };
          if (typeof entry.key === 'string') keys.add(entry.key);
        } catch {
          // A torn last line: that key was never confirmed.
        }
      }
      return { keys, needsNewline: !!text && !text.endsWith('\n'), exists: text !== undefined };
    })());

  async function append(key: string): Promise<void> {
    const state = await load();
    if (state.keys.has(key)) return;
    await mkdir(dirname(path), { recursive: true });
    const line = `${state.needsNewline ? '\n' : ''}${JSON.stringify({ key, at: new Date().toISOString() })}\n`;
    const file = await open(path, 'a');
    try {
      await file.writeFile(line, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    // A new file's name must survive a crash as well as its contents.
    if (!state.exists) await syncFolder(dirname(path));
    state.exists = true;
    state.needsNewline = false;
    state.keys.add(key);
  }

  return {
    delivered: async (key) => (await load()).keys.has(key),
    // One append at a time, so lines never interleave.
    record(key) {
      const done = writing.then(() => append(key));
      writing = done.catch(() => undefined);
      return done;
    },
  };
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
