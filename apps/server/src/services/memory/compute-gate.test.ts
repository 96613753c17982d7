import { describe, expect, it } from 'vitest';
import { BusyError, computeGate } from './compute-gate.ts';

/** Work that finishes when the test says so. */
function deferred() {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { done, finish };
}

describe('the compute gate', () => {
  it('runs `slots` at once, lines up `queue` more in order, and refuses the rest at once', async () => {
    const gate = computeGate(1, 2);
    const order: string[] = [];
    const first = deferred();
    const a = gate.admit(async () => (order.push('a'), first.done));
    const b = gate.admit(async () => void order.push('b'));
    const c = gate.admit(async () => void order.push('c'));
    await expect(gate.admit(async () => order.push('d'))).rejects.toBeInstanceOf(BusyError);
    await expect(gate.admit(async () => 1)).rejects.toThrow('Segflow is busy computing other previews; try again in a moment.');
    expect(gate.counts()).toEqual({ running: 1, waiting: 2 });
    first.finish();
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(gate.counts()).toEqual({ running: 0, waiting: 0 });
  });

  it('lets work cancelled while waiting leave the line, and frees the slot of work that failed', async () => {
    const gate = computeGate(1, 1);
    const first = deferred();
    const a = gate.admit(() => first.done.then(() => Promise.reject(new Error('broken'))));
    const controller = new AbortController();
    const cancelled = gate.admit(async () => 'never', controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(gate.counts()).toEqual({ running: 1, waiting: 0 });
    const after = gate.admit(async () => 'ran');
    first.finish();
    await expect(a).rejects.toThrow('broken');
    await expect(after).resolves.toBe('ran');
  });
});
