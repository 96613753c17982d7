import type { Sqlite } from './database.ts';

/**
 * A mark that differs after any write to the SQLite file: rows this
 * connection changed (`total_changes()`) and commits by any other connection
 * (`data_version`: a worker, the CLI, another server in queue mode). What
 * the server remembers of the file (who a credential names, a workflow's
 * published version) stays valid exactly while the mark is the same, so a
 * revoked token or a new publication is seen by the very next request.
 */
export function changeCounter(db: Sqlite): () => string {
  // Two plain statements: the same in one SELECT (through pragma_data_version) costs as much as the reads it saves.
  const own = db.prepare<[], number>('SELECT total_changes()').pluck();
  const others = db.prepare<[], number>('PRAGMA data_version').pluck();
  // Another process's commit has no order with the code running now, so its mark is read once per
  // stretch of synchronous code (a request asks up to three times); this connection's own writes always count at once.
  let othersNow: number | undefined;
  return () => {
    if (othersNow === undefined) {
      othersNow = others.get()!;
      queueMicrotask(() => void (othersNow = undefined));
    }
    return `${own.get()}:${othersNow}`;
  };
}

export type ChangeCounter = ReturnType<typeof changeCounter>;

/**
 * Answers read from SQLite, remembered while the file is unchanged (and at
 * most `max` of them, the oldest forgotten first): one cheap statement
 * instead of the reads themselves on a hot path.
 */
export function whileUnchanged<T>(changes: ChangeCounter, max: number) {
  const remembered = new Map<string, { mark: string; value: T }>();
  return (key: string, read: () => T): T => {
    const mark = changes();
    const found = remembered.get(key);
    if (found && found.mark === mark) return found.value;
    const value = read();
    remembered.delete(key);
    if (remembered.size >= max) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, { mark, value });
    return value;
  };
}
