import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { deliverWebhook } from '../../src/destinations/deliver-webhook.ts';
import { fileLedger } from '../../src/destinations/ledger.ts';
import { segmentFromRows } from '../../src/destinations/segment-batches.ts';
import { ALLOW_LOOPBACK, CUSTOMER_TYPES, customers, startReceiver, type ReceiverAction } from './receiver.ts';

const here = dirname(fileURLToPath(import.meta.url));
// tsx's loader in this very process: its CLI would run the script in a grandchild that a SIGKILL misses.
const TSX_LOADER = pathToFileURL(resolve(here, '../../../../node_modules/tsx/dist/loader.mjs')).href;
const ROWS = 120;
const BATCH = 10;
const TRIALS = Number(process.env.SEGFLOW_CRASH_TRIALS ?? 3);

/** A small seeded generator, so a failing trial can be replayed. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type KillPoint = 'before-apply' | 'after-apply' | 'after-answer';

it(`survives kill -9 at seeded points of a delivery (${TRIALS} trials)`, async () => {
  const random = mulberry32(Number(process.env.SEGFLOW_CRASH_SEED ?? 6));
  const totals = { trials: 0, batches: 0, lost: 0, duplicated: 0, resent: 0 };
  for (let trial = 1; trial <= TRIALS; trial++) {
    const killAt = 1 + Math.floor(random() * (ROWS / BATCH - 1));
    const point = (['before-apply', 'after-apply', 'after-answer'] as KillPoint[])[(trial - 1) % 3];
    const dir = await mkdtemp(join(tmpdir(), 'segflow-crash-'));
    let child: ReturnType<typeof spawn> | undefined;
    const kill = () => child?.kill('SIGKILL');
    const receiver = await startReceiver((r): ReceiverAction => {
      if (r.n !== killAt || !child) return 'ok';
      if (point === 'before-apply') kill();
      if (point === 'after-answer') setImmediate(kill);
      if (point === 'after-apply') {
        kill();
        return 'apply-then-drop';
      }
      return point === 'after-answer' ? 'ok' : 'hang';
    });
    try {
      const ledgerPath = join(dir, 'deliveries.ndjson');
      const runId = `crash${trial}`;
      child = spawn(process.execPath, ['--import', TSX_LOADER, join(here, 'crash-child.ts'), receiver.url, ledgerPath, String(ROWS), String(BATCH), runId], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      const exit = await new Promise<{ code: number | null; signal: string | null }>((done) => child!.on('exit', (code, signal) => done({ code, signal })));
      expect(exit.signal, `the child should have been killed; it said: ${stderr}`).toBe('SIGKILL');

      // The restarted process resumes from the ledger on disk.
      const result = await deliverWebhook(segmentFromRows(customers(ROWS), { types: CUSTOMER_TYPES }), { type: 'webhook', url: receiver.url, batchSize: BATCH },
        { runId, nodeId: 'out', segmentName: 'vip', ledger: fileLedger(ledgerPath), allow: ALLOW_LOOPBACK });
      const total = ROWS / BATCH;
      const sends = receiver.sends();
      const lost = total - receiver.applied.size;
      const appliedRows = [...receiver.applied.values()].flat().length;
      console.log(`trial ${trial}: kill -9 at request ${killAt} (${point}); after restart ${result.skipped} batches skipped, ${result.batches} sent; ` +
        `${receiver.applied.size}/${total} batches applied, ${lost} lost, ${receiver.duplicates} re-sent duplicates not applied`);
      expect(lost).toBe(0);
      expect(appliedRows).toBe(ROWS);
      expect(Math.max(...sends.values())).toBeLessThanOrEqual(2);
      expect(result.skipped + result.batches).toBe(total);
      totals.trials++;
      totals.batches += total;
      totals.lost += lost;
      totals.resent += receiver.duplicates;
      totals.duplicated += appliedRows - ROWS;
    } finally {
      kill();
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log(`kill -9 figures: trials ${totals.trials}, batches ${totals.batches}, lost ${totals.lost}, applied twice ${totals.duplicated}, re-sent (de-duplicated by key) ${totals.resent}`);
}, 60_000);
