import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/services/schedules/clock.ts';
import { waitForRun } from './helpers.ts';
import { dataDirWithDatasets, eventually, publishedWinback, serveOn, type RestartableServer } from './operate-server.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const newDataDir = () => {
  const dir = dataDirWithDatasets();
  dirs.push(dir);
  return dir;
};

const MINUTE = 60_000;
// The clock stands on the example data's day, so scheduled runs count as of 2022-06-30.
const START = '2022-06-30T09:00:30Z';

async function firings(server: RestartableServer, scheduleId: string): Promise<any[]> {
  return (await server.request('GET', `/api/schedules/${scheduleId}`)).body.firings;
}

/** Waits until the schedule has `n` firings that are settled, and their runs have finished. */
async function settledFirings(server: RestartableServer, scheduleId: string, n: number) {
  const list = await eventually(async () => {
    const f = await firings(server, scheduleId);
    return f.length >= n && f.every((x) => x.outcome !== 'starting') && f;
  }, `${n} firings`);
  for (const f of list) if (f.runId) await waitForRun(server as never, f.runId);
  return list;
}

describe('schedules (with a clock the test moves)', () => {
  it('fires each occurrence once, runs the named version and marks the runs as scheduled', async () => {
    const clock = manualClock(START);
    const server = await serveOn(newDataDir(), { clock });
    try {
      const id = await publishedWinback(server);
      const created = await server.request('POST', `/api/workflows/${id}/schedules`, { cron: '0 * * * *', timezone: 'Europe/Berlin', version: 1 });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ version: 1, runs: 1, paused: false, catchUp: true, description: 'every hour at minute 0', firings: [] });
      expect(created.body.next.slice(0, 2)).toEqual(['2022-06-30T10:00:00.000Z', '2022-06-30T11:00:00.000Z']);

      await clock.advance(59 * MINUTE + 30_000);
      const [first] = await settledFirings(server, created.body.id, 1);
      expect(first).toMatchObject({ occurrence: '2022-06-30T10:00:00.000Z', outcome: 'started', covers: 1 });
      const run = await waitForRun(server as never, first.runId);
      expect(run).toMatchObject({ status: 'succeeded', version: 1, asOf: '2022-06-30' });

      // Nothing more until the next hour; then exactly one more.
      await clock.advance(59 * MINUTE);
      expect(await firings(server, created.body.id)).toHaveLength(1);
      await clock.advance(MINUTE);
      const both = await settledFirings(server, created.body.id, 2);
      expect(both.map((f: any) => f.occurrence)).toEqual(['2022-06-30T11:00:00.000Z', '2022-06-30T10:00:00.000Z']);
      expect(new Set(both.map((f: any) => f.runId)).size).toBe(2);

      const manual = await server.request('POST', `/api/workflows/${id}/runs`, { version: 1, asOf: '2022-06-30', mode: 'sequential' });
      await waitForRun(server as never, manual.body.runId);
      const history = (await server.request('GET', `/api/workflows/${id}/history`)).body;
      expect(history.runs.map((r: any) => [r.trigger, r.scheduleId])).toEqual([
        ['schedule', created.body.id], ['schedule', created.body.id], ['manual', null],
      ]);
      const listed = (await server.request('GET', `/api/workflows/${id}/runs`)).body.runs;
      expect(listed).toHaveLength(3);
    } finally {
      await server.stop();
    }
  });

  it('runs what was missed while the server was down once on start, and records it', async () => {
    const clock = manualClock(START);
    const dataDir = newDataDir();
    let server = await serveOn(dataDir, { clock });
    const id = await publishedWinback(server);
    const catching = (await server.request('POST', `/api/workflows/${id}/schedules`, { cron: '*/10 * * * *', timezone: 'UTC' })).body;
    const recording = (await server.request('POST', `/api/workflows/${id}/schedules`, { cron: '*/10 * * * *', timezone: 'UTC', catchUp: false })).body;
    await clock.advance(9 * MINUTE + 30_000);
    await settledFirings(server, catching.id, 1);
    await settledFirings(server, recording.id, 1);
    await server.stop();

    // Down for an hour: six occurrences pass.
    clock.set(Date.parse('2022-06-30T10:10:30Z'));
    server = await serveOn(dataDir, { clock });
    try {
      const [caughtUp] = await settledFirings(server, catching.id, 2);
      expect(caughtUp).toMatchObject({ outcome: 'caught-up', covers: 6, firstOccurrence: '2022-06-30T09:20:00.000Z', occurrence: '2022-06-30T10:10:00.000Z' });
      expect((await waitForRun(server as never, caughtUp.runId)).status).toBe('succeeded');
      const [missed] = await settledFirings(server, recording.id, 2);
      expect(missed).toMatchObject({ outcome: 'missed', covers: 6, runId: null });
      const alerts = (await server.request('GET', `/api/alerts?workflowId=${id}`)).body.alerts;
      expect(alerts).toMatchObject([{ kind: 'schedule_missed', scheduleId: recording.id }]);

      // Another restart at the same moment runs nothing again.
      await server.stop();
      server = await serveOn(dataDir, { clock });
      await new Promise((r) => setTimeout(r, 300));
      expect(await firings(server, catching.id)).toHaveLength(2);
      expect(await firings(server, recording.id)).toHaveLength(2);
      const history = (await server.request('GET', `/api/workflows/${id}/history`)).body.runs;
      expect(history.filter((r: any) => r.trigger === 'schedule')).toHaveLength(3);
    } finally {
      await server.stop();
    }
  });

  it('stops on pause, resumes from now, and refuses what it cannot schedule', async () => {
    const clock = manualClock(START);
    const server = await serveOn(newDataDir(), { clock });
    try {
      const unpublished = (await server.request('POST', '/api/workflows', { name: 'draft only' })).body;
      const refused = await server.request('POST', `/api/workflows/${unpublished.id}/schedules`, { cron: '0 2 * * *' });
      expect(refused).toMatchObject({ status: 400, body: { error: { message: /publish this workflow first/ } } });
      const id = await publishedWinback(server);
      expect((await server.request('POST', `/api/workflows/${id}/schedules`, { cron: '0 2 * * *', timezone: 'Mars/Base' })).body.error.message).toMatch(/not a time zone/);
      expect((await server.request('POST', `/api/workflows/${id}/schedules`, { cron: '61 2 * * *' })).status).toBe(400);
      expect((await server.request('POST', `/api/workflows/${id}/schedules`, { cron: '0 2 * * *', version: 9 })).status).toBe(404);
      const described = (await server.request('GET', `/api/schedules/describe?cron=${encodeURIComponent('0 2 * * *')}&timezone=Europe/Berlin&count=2`)).body;
      expect(described).toEqual({ cron: '0 2 * * *', timezone: 'Europe/Berlin', description: 'every day at 02:00 Europe/Berlin', next: ['2022-07-01T00:00:00.000Z', '2022-07-02T00:00:00.000Z'] });

      const schedule = (await server.request('POST', `/api/workflows/${id}/schedules`, { cron: '*/5 * * * *', timezone: 'UTC' })).body;
      await clock.advance(4 * MINUTE + 30_000);
      await settledFirings(server, schedule.id, 1);
      const paused = (await server.request('POST', `/api/schedules/${schedule.id}/pause`, {})).body;
      expect(paused).toMatchObject({ paused: true, next: [] });
      await clock.advance(30 * MINUTE);
      await new Promise((r) => setTimeout(r, 200));
      expect(await firings(server, schedule.id)).toHaveLength(1);

      const resumed = (await server.request('POST', `/api/schedules/${schedule.id}/resume`, {})).body;
      expect(resumed).toMatchObject({ paused: false, next: expect.arrayContaining(['2022-06-30T09:40:00.000Z']) });
      await new Promise((r) => setTimeout(r, 200));
      expect(await firings(server, schedule.id)).toHaveLength(1);
      await clock.advance(5 * MINUTE);
      const [after] = await settledFirings(server, schedule.id, 2);
      expect(after).toMatchObject({ occurrence: '2022-06-30T09:40:00.000Z', covers: 1, outcome: 'started' });

      const changed = (await server.request('PATCH', `/api/schedules/${schedule.id}`, { cron: '0 2 * * *', timezone: 'Europe/Berlin', version: 'latest' })).body;
      expect(changed).toMatchObject({ description: 'every day at 02:00 Europe/Berlin', version: 'latest', runs: 1 });
      expect((await server.request('GET', `/api/workflows/${id}/schedules`)).body.schedules).toHaveLength(1);
      expect((await server.request('DELETE', `/api/schedules/${schedule.id}`)).status).toBe(204);
      expect((await server.request('GET', `/api/schedules/${schedule.id}`)).status).toBe(404);
      const audit = (await server.request('GET', '/api/audit')).body.entries.map((e: any) => `${e.action} ${e.target}`);
      expect(audit).toEqual(expect.arrayContaining([`schedule.create ${id}`, `schedule.pause ${schedule.id}`, `schedule.resume ${schedule.id}`, `schedule.update ${schedule.id}`, `schedule.delete ${schedule.id}`]));
    } finally {
      await server.stop();
    }
  });
});
