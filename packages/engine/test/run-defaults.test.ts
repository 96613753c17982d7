import { describe, expect, it } from 'vitest';
import { runTiny } from './tiny-run.ts';
import { chain, doc, output, source } from './workflow-builders.ts';

const FILES = { 'c.csv': 'id\n1\n2\n3' };

describe('run defaults in the document', () => {
  it('uses the document\'s mode and partitions when the run does not say', async () => {
    const document = doc([source('c'), output('out')], chain('c', 'out'), { run: { mode: 'parallel', partitions: 2 } });
    const run = await runTiny(document, FILES, { mode: undefined });
    expect(run.state).toMatchObject({ mode: 'parallel', partitions: 2, status: 'succeeded' });
  });

  it('lets the run override them', async () => {
    const document = doc([source('c'), output('out')], chain('c', 'out'), { run: { mode: 'parallel', partitions: 2 } });
    const run = await runTiny(document, FILES, { mode: 'hybrid', partitions: 3 });
    expect(run.state).toMatchObject({ mode: 'hybrid', partitions: 3 });
  });

  it('runs as of today in UTC by default', async () => {
    const run = await runTiny(doc([source('c'), output('out')], chain('c', 'out')), FILES, { asOf: undefined });
    expect(run.state!.asOf).toBe(new Date().toISOString().slice(0, 10));
  });
});
