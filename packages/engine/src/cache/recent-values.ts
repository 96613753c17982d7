/**
 * A map that keeps the most recently used values, between `max / 2` and `max`
 * of them, in two generations: values go into the young one; when it is half
 * of `max`, it becomes the old one and the previous old one is dropped whole. A
 * value read from the old generation moves to the young one.
 *
 * Why not one Map dropping its first key past `max`: V8 leaves a deleted entry
 * in place until the table is rebuilt, and `keys().next()` steps over every one
 * of them, so evicting one value at a time from a full map of thousands costs a
 * scan per insertion (validation of a large document that was never seen before
 * spent a third of its time there).
 */
export class RecentValues<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generation: number;

  constructor(max: number) {
    this.generation = Math.max(1, Math.floor(max / 2));
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined || this.young.has(key)) return value;
    if (!this.old.has(key)) return undefined;
    const kept = this.old.get(key) as V;
    this.old.delete(key);
    this.set(key, kept);
    return kept;
  }

  set(key: K, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** How many values are kept now (at most `max`). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
