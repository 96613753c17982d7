/** Thrown when the line is full; the HTTP layer answers 503 with Retry-After (see busy.ts). */
export class BusyError extends Error {
  constructor(message = 'Segflow is busy computing other previews; try again in a moment.') {
    super(message);
    this.name = 'BusyError';
  }
}

function abortError(): Error {
  const e = new Error('The preview was cancelled by a newer one.');
  e.name = 'AbortError';
  return e;
}

/**
 * Lets `slots` pieces of work run at once and `queue` more wait, in order;
 * past that, work is refused at once with BusyError rather than piling up
 * memory. Work cancelled while waiting leaves the line.
 */
export function computeGate(slots: number, queue: number) {
  let running = 0;
  const waiting: { start: () => void; signal?: AbortSignal; onAbort: () => void }[] = [];

  function next() {
    while (running < slots && waiting.length) {
      const w = waiting.shift()!;
      w.signal?.removeEventListener('abort', w.onAbort);
      running++;
      w.start();
    }
  }

  async function admit<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw abortError();
    if (running >= slots) {
      if (waiting.length >= queue) throw new BusyError();
      await new Promise<void>((start, reject) => {
        const entry = {
          start, signal,
          onAbort: () => {
            waiting.splice(waiting.indexOf(entry), 1);
            reject(abortError());
          },
        };
        signal?.addEventListener('abort', entry.onAbort, { once: true });
        waiting.push(entry);
      });
    } else running++;
    try {
      return await work();
    } finally {
      running--;
      next();
    }
  }

  return { admit, counts: () => ({ running, waiting: waiting.length }) };
}

export type ComputeGate = ReturnType<typeof computeGate>;
