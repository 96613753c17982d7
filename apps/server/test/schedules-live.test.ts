import { describe, expect, it } from 'vitest';
import { startServer, waitForRun } from './helpers.ts';
import { eventually, publishedWinback } from './operate-server.ts';

// The real clock and a real server: a schedule every two seconds.
describe('a live schedule', () => {
  it('runs every two seconds on its own until paused', async () => {
    const server = await startServer();
    try {
      const id = await publishedWinback(server as never);
      const { body: schedule } = await server.request('POST', `/api/workflows/${id}/schedules`, { cron: '*/2 * * * * *', timezone: 'UTC', mode: 'sequential' });
      expect(schedule.description).toBe('every 2 seconds');
      const started = await eventually(async () => {
        const { body } = await server.request('GET', `/api/schedules/${schedule.id}`);
        const withRuns = body.firings.filter((f: any) => f.runId);
        return withRuns.length >= 2 && withRuns;
      }, 'two scheduled runs', 30_000);
      for (const firing of started) expect((await waitForRun(server, firing.runId)).status).toBe('succeeded');

      expect((await server.request('POST', `/api/schedules/${schedule.id}/pause`, {})).body.paused).toBe(true);
      const { body: atPause } = await server.request('GET', `/api/schedules/${schedule.id}`);
      await new Promise((r) => setTimeout(r, 4_500));
      const { body: later } = await server.request('GET', `/api/schedules/${schedule.id}`);
      // What had fired may still be settling; nothing new fires.
      expect(later.firings.map((f: any) => f.occurrence)).toEqual(atPause.firings.map((f: any) => f.occurrence));

      const history = (await server.request('GET', `/api/workflows/${id}/history`)).body.runs;
      expect(history.length).toBeGreaterThanOrEqual(2);
      expect(history.every((r: any) => r.trigger === 'schedule' && r.scheduleId === schedule.id && r.version === 1)).toBe(true);
      for (const r of history) await waitForRun(server, r.id);
    } finally {
      await server.close();
    }
  });
});
