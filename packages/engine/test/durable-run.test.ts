import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunEvents, resumeDurableRun, runDir, startDurableRun } from '../src/duckdb/durable-run.ts';
import { generateDataset } from '../src/generate/index.ts';
import { readSegment, tempDir } from './run-helpers.ts';
import { DATASETS, EXAMPLES } from './shared-paths.ts';

const winback = JSON.parse(readFileSync(join(EXAMPLES, 'winback.json'), 'utf8'));
const noWait = async () => {};

describe('durable runs', () => {
  it('resumes a failed run from the failed node without recomputing what finished', async () => {
    const dir = tempDir();
    const stateDir = join(dir, '.segflow');
    writeFileSync(join(dir, 'out'), 'a file where the output folder should be');
    const resolvePath = (p: string, use: 'read' | 'write') => join(use === 'read' ? DATASETS : dir, p);
    const first = await startDurableRun(winback, { stateDir, resolvePath, asOf: '2022-06-30', sleep: noWait });
    expect(first.state?.status).toBe('failed');
    expect(first.state?.nodes.out_winback.status).toBe('failed');
    expect(first.state?.nodes.x.status).toBe('succeeded');

    rmSync(join(dir, 'out'));
    const events: string[] = [];
    const second = await resumeDurableRun(first.runId, { stateDir, resolvePath, sleep: noWait, onEvent: (e) => events.push(`${e.type}:${'nodeId' in e ? e.nodeId : ''}`) });
    expect(second.state?.nodes.out_winback, JSON.stringify(second.state?.nodes.out_winback)).toMatchObject({ status: "succeeded" });
    expect(second.state?.status).toBe("succeeded");
    expect(second.state?.segments.winback.count).toBe(1927);
    expect(events.filter((e) => e.startsWith('node-started'))).toEqual(['node-started:out_winback']);
    expect(readSegment(join(dir, 'out/winback.csv'))).toHaveLength(1928);
    const all = readRunEvents(runDir(stateDir, first.runId));
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
  }, 60_000);

  it('retries a failing step with backoff, reporting each retry', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'out'), 'blocks the output folder');
    const waits: number[] = [];
    const doc = { ...winback, nodes: winback.nodes.map((n: { id: string }) => (n.id === 'out_winback' ? { ...n, retry: { attempts: 4, backoffMs: 100, maxBackoffMs: 150 } } : n)) };
    const result = await startDurableRun(doc, {
      stateDir: join(dir, '.segflow'), asOf: '2022-06-30', resolvePath: (p, use) => join(use === 'read' ? DATASETS : dir, p),
      sleep: async (ms) => { waits.push(ms); },
    });
    expect(result.state?.nodes.out_winback.attempts).toBe(4);
    expect(result.state?.nodes.out_winback.error).toMatch(/after 4 attempts/);
    expect(waits).toHaveLength(3);
    expect(Math.max(...waits)).toBeLessThanOrEqual(150);
  }, 60_000);

  it('finishes after kill -9 mid-run and gives the same segment as an uninterrupted run', async () => {
    const dir = tempDir();
    await generateDataset({ customers: 60_000, eventsPerCustomer: 20, outDir: join(dir, 'data') });
    const { loyaltyWorkflow } = await import('../src/demo/demo-workflows.ts');
    const doc = loyaltyWorkflow({ customers: 'data/customers.parquet', events: 'data/events.parquet', outputs: 'out' });
    writeFileSync(join(dir, 'loyalty.json'), JSON.stringify(doc));
    const cli = join(import.meta.dirname, '../src/cli/main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'run', join(dir, 'loyalty.json'), '--as-of', '2025-12-31', '--mode', 'sequential'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Kill once a few nodes have finished: the run is then half done.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if ((stderr.match(/✓|!/g) ?? []).length >= 4) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
    });
    await new Promise((r) => child.on('exit', r));
    const runId = /run (run-[\w-]+)/.exec(stderr)![1];
    const stateDir = join(dir, '.segflow');
    const before = readRunEvents(runDir(stateDir, runId)).filter((e) => e.type === 'node-succeeded' || e.type === 'node-warned').length;
    expect(before).toBeGreaterThanOrEqual(3);
    const resumed = await resumeDurableRun(runId, { stateDir, resolvePath: (p) => join(dir, p) });
    expect(resumed.state?.status).toBe('succeeded');
    const clean = await startDurableRun(doc, { stateDir, asOf: '2025-12-31', mode: 'sequential', resolvePath: (p, use) => join(dir, use === 'read' ? '' : 'clean', p) });
    for (const name of ['loyalty_members', 'loyalty_email', 'loyalty_at_risk'])
      expect(readSegment(resumed.state!.segments[name].path)).toEqual(readSegment(clean.state!.segments[name].path));
  }, 120_000);
});
