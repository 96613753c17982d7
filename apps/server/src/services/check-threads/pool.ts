import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { DescribeSource, SourceFacts } from '@segflow/engine/node';
import type { CheckThreadData, FromThread, ThreadAnswer } from './messages.ts';

export interface CheckThreadsOptions extends CheckThreadData {
  /** Threads to start (0: none, every body is checked in the server's own thread). */
  count: number;
  /** The server's own describe, for files a thread has not described yet. */
  describe: (config: Parameters<DescribeSource>[0], path: string) => Promise<SourceFacts>;
  logger?: Logger;
}

export type ThreadCheck = Extract<ThreadAnswer, { type: 'checked' }>;

/** What became of a body sent to a thread. */
export interface ThreadResult {
  /** The thread's check, when it could give the server's answer. */
  checked?: ThreadCheck;
  /**
   * The body's bytes, to read again: the body itself when it stayed here, else as the
   * thread gave them back (with a fallback, or a check naming credentials); undefined
   * when the thread had them and stopped, or kept them with a check that needs nothing more.
   */
  body: Buffer | undefined;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  /** Request ids sent and not answered yet. */
  waiting: Set<number>;
}

/**
 * A check allocates a few MB per body and keeps almost none of it: with room for
 * many bodies, most of it is dead before a collection has to copy it (measured:
 * 5-10% less CPU per body than V8's default under load). Used only under load.
 */
const YOUNG_GENERATION_MB = 128;

/** Threads that fail to start or die this many times are not started again: the server checks on its own. */
const MAX_FAILURES = 3;

/**
 * Threads that check `/api/validate` bodies, so an editor's checks use every
 * core while the server's own thread only reads and answers requests. They
 * start with the first body; until one is ready, and whenever one cannot give
 * the server's answer, `check` gives no check and the server checks the body
 * itself, so an answer does not depend on whether a thread took it. One
 * exception: a thread that stops while it holds a body (see `check`) takes
 * the bytes with it, and that request can only be asked again.
 */
export function checkThreads(options: CheckThreadsOptions) {
  const threads: Thread[] = [];
  const answers = new Map<number, (answer: ThreadAnswer | undefined) => void>();
  let nextId = 0;
  let failures = 0;
  let closed = false;
  const { count, describe, logger, ...data } = options;

  const start = () => {
    const worker = new Worker(new URL('./entry.mjs', import.meta.url), {
      workerData: data satisfies CheckThreadData,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    // A thread never keeps the process alive: stopping the server stops it.
    worker.unref();
    const thread: Thread = { worker, ready: false, waiting: new Set() };
    threads.push(thread);
    worker.on('message', (message: FromThread) => {
      if (message.type === 'ready') thread.ready = true;
      else if (message.type === 'describe')
        void describe(message.config, message.path).then(
          (facts) => worker.postMessage({ type: 'described', id: message.id, facts }),
          (e: Error) => worker.postMessage({ type: 'described', id: message.id, facts: { ok: false, message: e.message } }),
        );
      else settle(thread, message.id, message);
    });
    worker.on('error', (e) => logger?.warn({ err: e }, 'a check thread failed; the server checks documents itself meanwhile'));
    worker.on('exit', () => {
      threads.splice(threads.indexOf(thread), 1);
      for (const id of thread.waiting) settle(thread, id, undefined);
      if (!closed && ++failures < MAX_FAILURES) start();
    });
  };

  const startAll = () => {
    if (threads.length === 0 && failures === 0 && !closed) for (let i = 0; i < count; i++) start();
  };

  const settle = (thread: Thread, id: number, answer: ThreadAnswer | undefined) => {
    thread.waiting.delete(id);
    answers.get(id)?.(answer);
    answers.delete(id);
  };

  /** The ready thread with the fewest bodies waiting. */
  const leastBusy = () => {
    let best: Thread | undefined;
    for (const t of threads) if (t.ready && (!best || t.waiting.size < best.waiting.size)) best = t;
    return best;
  };

  return {
    /** The thread's check of `body`; without one, the server checks the body itself. */
    async check(body: Buffer): Promise<ThreadResult> {
      startAll();
      const thread = leastBusy();
      if (!thread) return { body };
      const id = ++nextId;
      // A body with memory of its own (express reads any of 4 kB or more into one) is handed over, not copied. With a
      // copy, or with the body freed on this thread, the server's thread collected its whole heap about every second under
      // load, for the bodies' memory alone (measured: a quarter as many full collections, 3-5% more answers a second).
      const own = body.buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body.buffer : undefined;
      const bytes = own ? new Uint8Array(own) : new Uint8Array(body);
      const answer = new Promise<ThreadAnswer | undefined>((resolve) => answers.set(id, resolve));
      thread.waiting.add(id);
      thread.worker.postMessage({ type: 'check', id, body: bytes }, [bytes.buffer]);
      const settled = await answer;
      const back = own ? settled?.body && Buffer.from(settled.body.buffer, settled.body.byteOffset, settled.body.byteLength) : body;
      return { checked: settled?.type === 'checked' ? settled : undefined, body: back };
    },
    /** Starts the threads and resolves when they are ready (tests; the server never waits for them). */
    async start(): Promise<void> {
      startAll();
      while (threads.some((t) => !t.ready)) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}

export type CheckThreads = ReturnType<typeof checkThreads>;
