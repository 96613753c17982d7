import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { RunEvent } from '@segflow/engine';
import type { RunDispatch } from '../services/run-service.ts';
import type { RunEventHub } from '../sse/run-event-hub.ts';
import { pubSubBeside, RUN_CANCELS_CHANNEL, RUN_EVENTS_CHANNEL, RUN_QUEUE, redisConnection } from './redis-connection.ts';

/** What a queued run's job carries: the run is in SQLite, the job only names it. */
export interface RunJob {
  runId: string;
}

/**
 * A job is known by its run's id, so submitting a run twice (a restart of one of
 * several servers re-submits what is open) queues it once. A job whose worker
 * stopped politely is tried again a little later; one whose worker died is taken
 * back from it by BullMQ's stalled-job check.
 */
export const RUN_JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true, attempts: 20, backoff: { type: 'fixed', delay: 2_000 } } as const;

/** Where a message on the events channel is a run's event. */
export interface RelayedEvent {
  runId: string;
  event: RunEvent;
}

/**
 * The server's side of queue mode: runs go to the queue, cancels to the workers,
 * and the events workers publish reach this server's SSE streams through `hub`.
 */
export function serverQueue(url: string, hub: RunEventHub, logger: Logger): { dispatch: RunDispatch; close(): Promise<void> } {
  const connection = redisConnection(url);
  const queue = new Queue<RunJob>(RUN_QUEUE, { connection });
  queue.on('error', (err) => logger.warn({ err }, 'the run queue cannot reach Redis'));
  const publisher = queue.client.then(pubSubBeside);
  const subscriber = queue.client.then(async (client) => {
    const sub = pubSubBeside(client);
    sub.on('message', (_channel: string, text: string) => {
      try {
        const { runId, event } = JSON.parse(text) as RelayedEvent;
        hub.publish(runId, event);
      } catch (err) {
        logger.warn({ err }, 'a run event from a worker could not be read');
      }
    });
    await sub.subscribe(RUN_EVENTS_CHANNEL);
    return sub;
  });
  subscriber.catch((err: unknown) => logger.error({ err }, 'cannot follow the workers\u2019 run events'));

  return {
    dispatch: {
      submit(runId) {
        // Not sent (Redis away): the run stays queued in SQLite and is submitted again at the next start.
        queue.add('run', { runId }, { ...RUN_JOB_OPTIONS, jobId: runId }).catch((err: unknown) => logger.error({ err, runId }, 'the run could not be queued'));
      },
      cancel(runId) {
        void publisher.then((client) => client.publish(RUN_CANCELS_CHANNEL, runId)).catch((err: unknown) => logger.error({ err, runId }, 'the cancel could not reach the workers'));
      },
    },
    async close() {
      await Promise.allSettled([subscriber.then((c) => c.quit()), publisher.then((c) => c.quit())]);
      await queue.close();
    },
  };
}
