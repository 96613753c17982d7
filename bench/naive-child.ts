import { fork, type ChildProcess } from 'node:child_process';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { NaiveRequest, NaiveResponse } from './naive-process.ts';

/** Measured at 1M customers × 20 events: about 560 bytes of process memory per event row held as an object. */
const BYTES_PER_EVENT = 560;

/** Why the naive evaluator cannot run at this size on this machine, or null when it fits. */
export function naiveSkipReason(eventRows: number): string | null {
  const need = eventRows * BYTES_PER_EVENT;
  if (need <= totalmem() * 0.6) return null;
  return `needs about ${Math.round(need / 2 ** 30)} GB for ${eventRows.toLocaleString('en')} event objects; this machine has ${Math.round(totalmem() / 2 ** 30)} GB`;
}

type Answer<T extends NaiveResponse['type']> = Extract<NaiveResponse, { type: T }>;

/** The naive evaluator in a child process, holding the rows between runs. */
export class NaiveChild {
  /** How long loading both files into objects took (once, in `start`). */
  loadMs = 0;

  private constructor(private readonly child: ChildProcess) {}

  /** Starts the child and loads both files into objects there. */
  static async start(paths: { customers: string; events: string }): Promise<NaiveChild> {
    const heapMb = Math.floor((totalmem() * 0.75) / 2 ** 20);
    const child = fork(fileURLToPath(new URL('./naive-process.ts', import.meta.url)), [], {
      execArgv: [...process.execArgv, `--max-old-space-size=${heapMb}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const naive = new NaiveChild(child);
    naive.loadMs = (await naive.ask({ type: 'load', ...paths }, 'loaded')).ms;
    return naive;
  }

  run(): Promise<Answer<'ran'>> {
    return this.ask({ type: 'run' }, 'ran');
  }

  /** Ends the child; its peak resident memory in MB. */
  async stop(): Promise<number> {
    return (await this.ask({ type: 'stop' }, 'stopped')).maxRssMb;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  private ask<T extends NaiveResponse['type']>(request: NaiveRequest, expect: T): Promise<Answer<T>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`naive evaluator exited (code ${code}) before answering`));
      this.child.once('exit', onExit);
      this.child.once('message', (m: NaiveResponse) => {
        this.child.off('exit', onExit);
        if (m.type === expect) resolve(m as Answer<T>);
        else reject(new Error(m.type === 'failed' ? `naive evaluator failed: ${m.error}` : `naive evaluator answered ${m.type}, not ${expect}`));
      });
      this.child.send(request);
    });
  }
}
