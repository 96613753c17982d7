import { expect, it } from 'vitest';
import type { RunEvent } from '@segflow/engine/node';
import { publicEvent } from './run-events.ts';

const failed = (error: string): RunEvent => ({ type: 'node-failed', seq: 4, nodeId: 'rank', at: '2026-01-01T00:00:00Z', ms: 10, error });

it("tells of a node that ran short of memory or disk in plain words, and leaves other errors alone", () => {
  const oom = publicEvent(failed('Out of Memory Error: could not allocate block of size 256.0 KiB (255.9 MiB/256.0 MiB used)'), '/data');
  expect(oom).toMatchObject({ type: 'node-failed', nodeId: 'rank', error: expect.stringMatching(/^This step needed more memory than Segflow may use .* \(SEGFLOW_MEMORY_LIMIT\)\.$/) });
  const full = publicEvent(failed('IO Error: Could not write file "/data/results/wf.duckdb.wal": No space left on device'), '/data');
  expect(full).toMatchObject({ error: 'The disk where Segflow keeps its data is full: free some space, then retry the run.' });
  expect(publicEvent(failed('batch 5/10 answered 400: not retried'), '/data')).toMatchObject({ error: 'batch 5/10 answered 400: not retried' });
});
