import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resumeDurableRun, startDurableRun } from '../src/duckdb/durable-run.ts';
import { startReceiver } from './destinations/receiver.ts';
import { tempDir } from './run-helpers.ts';
import { DATASETS, EXAMPLES } from './shared-paths.ts';

const couples = JSON.parse(readFileSync(join(EXAMPLES, 'couples_no_kids.json'), 'utf8'));
const withWebhook = (url: string) => ({
  ...couples,
  nodes: couples.nodes.map((n: { kind: string; config: Record<string, unknown> }) =>
    n.kind === 'output' ? { ...n, config: { ...n.config, destination: { type: 'webhook', url, batchSize: 100 } } } : n),
});
const allow = { cidrs: ['127.0.0.1/32'] };
let stop: (() => Promise<void>) | undefined;
afterEach(async () => stop?.());

describe('outputs to a webhook through a run', () => {
  it('a run allowed to reach outside posts every member once; resuming sends nothing again', async () => {
    const receiver = await startReceiver();
    stop = receiver.close;
    const dir = tempDir();
    const options = { stateDir: join(dir, '.segflow'), resolvePath: (p: string, use: 'read' | 'write') => join(use === 'read' ? DATASETS : dir, p), remote: true, addressAllowList: allow };
    const first = await startDurableRun(withWebhook(receiver.url), options);
    expect(first.state?.status).toBe('succeeded');
    expect(first.state?.segments.couples_no_kids).toEqual({ count: 822, path: expect.stringMatching(/^webhook:127\.0\.0\.1:/), entered: 822, exited: 0 });
    const members = [...receiver.applied.values()].flat().map((r) => r.ID);
    expect(members).toHaveLength(822);
    expect(new Set(members).size).toBe(822);
    expect(receiver.requests).toHaveLength(9);

    await resumeDurableRun(first.runId, options);
    expect(receiver.requests).toHaveLength(9);
  }, 30_000);

  it('a draft run writes the segment to a CSV file and posts nothing', async () => {
    const receiver = await startReceiver();
    stop = receiver.close;
    const dir = tempDir();
    const result = await startDurableRun(withWebhook(receiver.url), { stateDir: join(dir, '.segflow'), resolvePath: (p, use) => join(use === 'read' ? DATASETS : dir, p), remote: false, addressAllowList: allow });
    expect(result.state?.segments.couples_no_kids.path).toBe(join(dir, 'couples_no_kids.csv'));
    expect(existsSync(join(dir, 'couples_no_kids.csv'))).toBe(true);
    expect(receiver.requests).toHaveLength(0);
  }, 30_000);

  it('refuses a webhook to a private address that is not allow-listed, before running', async () => {
    const dir = tempDir();
    const result = await startDurableRun(withWebhook('http://10.0.0.7/hook'), { stateDir: join(dir, '.segflow'), resolvePath: (p) => join(DATASETS, p), remote: true });
    expect(result.state).toBeUndefined();
    expect(result.problems).toContainEqual(expect.objectContaining({ code: 'invalid_config', nodeId: 'out_couples_no_kids', field: 'destination.url' }));
  });

  it('with delivery "changes", a second run of the state folder sends only who entered and who left', async () => {
    const receiver = await startReceiver();
    stop = receiver.close;
    const dir = tempDir();
    const data = (ids: number[]) => writeFileSync(join(dir, 'people.csv'), `id,vip\n${ids.map((i) => `${i},${i % 3 === 0}`).join('\n')}\n`);
    const doc = {
      schemaVersion: 1, name: 'changes', run: { mode: 'sequential', asOf: '2024-01-01' },
      nodes: [
        { id: 'people', kind: 'source', config: { format: 'csv', path: 'people.csv', key: 'id' } },
        { id: 'vips', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'vip', operator: '=', value: true }] } } },
        { id: 'out', kind: 'output', config: { segment: 'vips', destination: { type: 'webhook', url: receiver.url, batchSize: 10, delivery: 'changes' } } },
      ],
      edges: [{ source: 'people', target: 'vips' }, { source: 'vips', target: 'out' }],
    };
    const options = { stateDir: join(dir, '.segflow'), resolvePath: (p: string) => join(dir, p), remote: true, addressAllowList: allow };
    const sent = (runId: string) => {
      const changes = [...receiver.changes].filter(([k]) => k.startsWith(`${runId}:`)).map(([, c]) => c);
      return { entered: changes.flatMap((c) => c.entered.map((r) => r.id as number)).sort((a, b) => a - b), exited: changes.flatMap((c) => c.exited as number[]).sort((a, b) => a - b) };
    };
    data(Array.from({ length: 60 }, (_, i) => i + 1));
    const first = await startDurableRun(doc, options);
    expect(sent(first.runId).entered).toHaveLength(20);
    data(Array.from({ length: 60 }, (_, i) => i + 31)); // 1..30 gone, 61..90 new
    const second = await startDurableRun(doc, options);
    expect(second.state?.segments.vips).toMatchObject({ count: 20, entered: 10, exited: 10 });
    expect(sent(second.runId)).toEqual({ entered: [63, 66, 69, 72, 75, 78, 81, 84, 87, 90], exited: [3, 6, 9, 12, 15, 18, 21, 24, 27, 30] });
  }, 30_000);
});
