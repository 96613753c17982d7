import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/services/schedules/clock.ts';
import { waitForRun } from './helpers.ts';
import { dataDirWithDatasets, eventually, loopbackReceiver, publishedWinback, serveOn, type Receiver, type RestartableServer } from './operate-server.ts';

const dirs: string[] = [];
const receivers: Receiver[] = [];
afterAll(async () => {
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  await Promise.all(receivers.map((r) => r.close()));
});
const newDataDir = () => {
  const dir = dataDirWithDatasets();
  dirs.push(dir);
  return dir;
};
const receiver = async () => {
  const r = await loopbackReceiver();
  receivers.push(r);
  return r;
};
const LOOPBACK = { cidrs: ['127.0.0.1/32'] };

async function run(server: RestartableServer, workflowId: string, body: Record<string, unknown>) {
  const started = await server.request('POST', `/api/workflows/${workflowId}/runs`, { mode: 'sequential', ...body });
  expect(started.status).toBe(202);
  return waitForRun(server as never, started.body.runId);
}

const alertsOf = async (server: RestartableServer, workflowId: string) =>
  (await server.request('GET', `/api/alerts?workflowId=${workflowId}`)).body.alerts.slice().reverse();

describe('alerts', () => {
  it('raises each condition once, sends each alert once to the workflow’s webhook, and keeps history and comparison', async () => {
    const hook = await receiver();
    const dataDir = newDataDir();
    let server = await serveOn(dataDir, { webhookAllowList: LOOPBACK });
    try {
      const id = await publishedWinback(server, (doc) => {
        doc.nodes.find((n: any) => n.id === 'out_winback').config.expect = { min: 1, max: 1000 };
      });
      const settings = await server.request('PUT', `/api/workflows/${id}/alert-settings`, { webhookUrl: hook.url, outputs: { winback: { maxChangePct: 40 } } });
      expect(settings.body).toEqual({ workflowId: id, outputs: { winback: { maxChangePct: 40 } }, dataQualityThreshold: 5, webhook: { own: new URL(hook.url).host, server: false } });

      // A draft run raises nothing: alerts watch published versions.
      await run(server, id, { asOf: '2022-06-30' });
      const first = await run(server, id, { version: 1, asOf: '2022-06-30' });
      expect(first.segments.winback.count).toBe(1927);
      const second = await run(server, id, { version: 1, asOf: '1998-03-01' });
      expect(second.segments.winback.count).toBe(0);

      const alerts = await eventually(async () => {
        const list = await alertsOf(server, id);
        return list.length >= 3 && list;
      }, 'three alerts');
      expect(alerts.map((a: any) => [a.kind, a.subject, a.runId])).toEqual([
        ['segment_out_of_range', 'winback', first.id],
        ['segment_out_of_range', 'winback', second.id],
        ['segment_change', 'winback', second.id],
      ]);
      expect(alerts[0].message).toBe('Segment winback has 1,927 customers, above the expected 1–1,000.');
      expect(alerts[2].message).toMatch(/fell 100% \(1,927 → 0\).*more than the 40% allowed/);

      await eventually(async () => hook.received.length >= 3 && (await alertsOf(server, id)).every((a: any) => a.delivery === 'sent'), 'three deliveries');
      expect(hook.received.map((r) => r.body.alert.id).sort()).toEqual(alerts.map((a: any) => a.id).sort());
      expect(hook.received[0].body).toMatchObject({ type: 'segflow.alert', workflow: { id, name: 'winback' }, run: { trigger: 'manual' } });
      expect(hook.received[0].headers['idempotency-key']).toBe(`segflow-alert-${hook.received[0].body.alert.id}`);

      // The bell: unread for everyone until someone reads them.
      expect((await server.request('GET', '/api/alerts?unread=true')).body.unread).toBe(3);
      expect((await server.request('POST', `/api/alerts/${alerts[0].id}/read`, {})).body.unread).toBe(2);
      expect((await server.request('POST', '/api/alerts/read', { workflowId: id })).body).toEqual({ marked: 2, unread: 0 });

      const history = (await server.request('GET', `/api/workflows/${id}/history`)).body;
      expect(history.outputs).toEqual([{ nodeId: 'out_winback', segment: 'winback', label: 'winback', expect: { min: 1, max: 1000 }, maxChangePct: 40 }]);
      expect(history.runs.map((r: any) => [r.version, r.trigger, r.status, r.segments.winback, r.alerts])).toEqual([
        [null, 'manual', 'succeeded', 1927, 0], [1, 'manual', 'succeeded', 1927, 1], [1, 'manual', 'succeeded', 0, 2],
      ]);
      expect(history.runs[1]).toMatchObject({ mode: 'sequential', asOf: '2022-06-30', expect: { winback: { min: 1, max: 1000 } }, ms: expect.any(Number) });

      const compared = (await server.request('GET', `/api/runs/${first.id}/compare/${second.id}`)).body;
      expect(compared.a).toMatchObject({ id: first.id, asOf: '2022-06-30' });
      expect(compared.segments).toEqual([{ segment: 'winback', a: 1927, b: 0, diff: -1927, changePct: -100 }]);
      const node = (nodeId: string) => compared.nodes.find((n: any) => n.nodeId === nodeId);
      expect(compared.nodes.map((n: any) => n.nodeId)).toEqual(['customers', 'orders', 'n', 's', 'l', 'loyal', 'big', 'recent', 'u', 'x', 'out_winback']);
      expect(node('customers')).toMatchObject({ kind: 'source', diff: 0, changePct: 0 });
      expect(node('out_winback')).toMatchObject({ a: 1927, b: 0, diff: -1927 });
      const other = await publishedWinback(server);
      const otherRun = await run(server, other, { asOf: '2022-06-30' });
      expect((await server.request('GET', `/api/runs/${first.id}/compare/${otherRun.id}`)).status).toBe(400);
      expect((await server.request('GET', `/api/runs/${first.id}/compare/run_none`)).status).toBe(404);

      // Checking the runs again after a restart (their check records lost) raises and sends nothing new.
      await server.stop();
      const db = new Database(join(dataDir, 'segflow.sqlite'));
      expect(db.prepare('DELETE FROM alert_checks').run().changes).toBe(2);
      db.close();
      server = await serveOn(dataDir, { webhookAllowList: LOOPBACK });
      await new Promise((r) => setTimeout(r, 300));
      expect(await alertsOf(server, id)).toHaveLength(3);
      expect(hook.received).toHaveLength(3);
    } finally {
      await server.stop();
    }
  });

  it('flags failed runs and poor data, and retries the server’s webhook until it answers, sending once', async () => {
    const hook = await receiver();
    hook.answer(503);
    const clock = manualClock(Date.now());
    const dataDir = newDataDir();
    const rows = ['customer_id,name', '1,a', '2,b', '2,b again', '3,c', '4,d', '', '5,e', '5,e again', '6,f', '7,g'];
    writeFileSync(join(dataDir, 'datasets', 'people.csv'), rows.join('\n') + '\n');
    // The operator's own receiver is trusted, loopback included: no allow list needed.
    const server = await serveOn(dataDir, { clock, alertWebhook: hook.url });
    try {
      const document = {
        schemaVersion: 1,
        name: 'people',
        nodes: [
          { id: 'people', kind: 'source', config: { format: 'csv', path: 'people.csv', key: 'customer_id' } },
          { id: 'out', kind: 'output', config: { segment: 'everyone', destination: { type: 'csv', path: 'everyone.csv' }, expect: { min: 100, enforce: true } } },
        ],
        edges: [{ source: 'people', target: 'out' }],
      };
      const { body: workflow } = await server.request('POST', '/api/workflows', { document });
      expect((await server.request('POST', `/api/workflows/${workflow.id}/publish`, {})).status).toBe(201);
      const finished = await run(server, workflow.id, { version: 1 });
      expect(['failed', 'partial']).toContain(finished.status);

      const alerts = await eventually(async () => {
        const list = await alertsOf(server, workflow.id);
        return list.length >= 3 && list;
      }, 'three alerts');
      expect(alerts.map((a: any) => `${a.kind}:${a.subject}`)).toEqual([`run_${finished.status === 'failed' ? 'failed' : 'partial'}:`, 'segment_out_of_range:everyone', 'data_quality:people:duplicate_key:']);
      expect(alerts[2].message).toBe("2 of 9 rows (22.2%) at Profiles 'people' repeated a key and were dropped; the threshold is 5%.");
      expect(alerts[0].severity).toBe(finished.status === 'failed' ? 'critical' : 'warning');

      await eventually(async () => hook.received.length >= 3, 'first attempts');
      expect((await alertsOf(server, workflow.id)).map((a: any) => a.delivery)).toEqual(['retry', 'retry', 'retry']);
      hook.answer(200);
      await clock.advance(2_000);
      await eventually(async () => (await alertsOf(server, workflow.id)).every((a: any) => a.delivery === 'sent'), 'deliveries after a retry');
      const accepted = hook.received.filter((r) => r.status === 200).map((r) => r.body.alert.id);
      expect(accepted.sort()).toEqual(alerts.map((a: any) => a.id).sort());
      await clock.advance(60_000);
      expect(hook.received.filter((r) => r.status === 200)).toHaveLength(3);
    } finally {
      await server.stop();
    }
  });

  it('refuses a workflow webhook on an address the allow list does not permit, and keeps the URL to itself', async () => {
    const server = await serveOn(newDataDir());
    try {
      const id = await publishedWinback(server);
      const refused = await server.request('PUT', `/api/workflows/${id}/alert-settings`, { webhookUrl: 'http://127.0.0.1:9/hook' });
      expect(refused).toMatchObject({ status: 400, body: { error: { message: /loopback/ } } });
      const saved = await server.request('PUT', `/api/workflows/${id}/alert-settings`, { webhookUrl: 'https://hooks.example.com/T0/secret-token', dataQualityThreshold: 1 });
      expect(JSON.stringify(saved.body)).not.toContain('secret-token');
      expect((await server.request('GET', `/api/workflows/${id}/alert-settings`)).body).toMatchObject({ dataQualityThreshold: 1, webhook: { own: 'hooks.example.com' } });
      expect((await server.request('PUT', `/api/workflows/${id}/alert-settings`, { webhookUrl: null })).body.webhook.own).toBeNull();
    } finally {
      await server.stop();
    }
  });
});
