import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fileLedger, memoryLedger } from './ledger.ts';

let dir: string;
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'segflow-ledger-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

it('a memory ledger remembers what it recorded', async () => {
  const ledger = memoryLedger();
  await ledger.record('r:n:1');
  expect(await ledger.delivered('r:n:1')).toBe(true);
  expect(await ledger.delivered('r:n:2')).toBe(false);
});

it('a file ledger survives a restart (a new ledger on the same file)', async () => {
  const path = join(dir, 'state', 'deliveries.ndjson');
  const first = fileLedger(path);
  await Promise.all(['r:n:1', 'r:n:2', 'r:n:3'].map((k) => first.record(k)));
  await first.record('r:n:2');
  const lines = (await readFile(path, 'utf8')).trim().split('\n');
  expect(lines.map((l) => JSON.parse(l).key).sort()).toEqual(['r:n:1', 'r:n:2', 'r:n:3']);
  const second = fileLedger(path);
  expect(await second.delivered('r:n:3')).toBe(true);
  expect(await second.delivered('r:n:4')).toBe(false);
});

it('ignores a line torn by a crash and appends after it cleanly', async () => {
  const path = join(dir, 'deliveries.ndjson');
  await writeFile(path, '{"key":"r:n:1","at":"x"}\n{"key":"r:n:2","a');
  const ledger = fileLedger(path);
  expect(await ledger.delivered('r:n:1')).toBe(true);
  expect(await ledger.delivered('r:n:2')).toBe(false);
  await ledger.record('r:n:2');
  expect(await fileLedger(path).delivered('r:n:2')).toBe(true);
});
