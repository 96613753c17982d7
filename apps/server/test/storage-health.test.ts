import { healthSchema } from '@segflow/contract';
import { writeFileSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../src/http/error-handler.ts';
import { PROBE_FILE, type StatFs } from '../src/services/storage-health.ts';
import { startServer } from './helpers.ts';

const MB = 1024 ** 2;
/** A disk of 100 GB with `free` bytes left. */
const disk = (free: number): StatFs => async () => ({ bsize: 4096, blocks: (100 * 1024 ** 3) / 4096, bavail: Math.floor(free / 4096) });

async function health(config: Parameters<typeof startServer>[0], before?: (dataDir: string) => void) {
  const server = await startServer(config);
  try {
    before?.(server.dataDir);
    return await server.anonymous.request('GET', '/api/health');
  } finally {
    await server.close();
  }
}

describe('/api/health reports the storage', () => {
  it('is ok with a writable data folder and room on its disk', async () => {
    const { status, body } = await health({});
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, storage: { state: 'ok', writable: true, freeBytes: expect.any(Number), totalBytes: expect.any(Number) } });
    expect(body.storage.freeBytes).toBeGreaterThan(0);
  });

  it('warns when the disk runs low, and is not ok once it is full', async () => {
    const low = await health({ statfs: disk(500 * MB) });
    expect(low.status).toBe(200);
    expect(low.body).toMatchObject({ ok: true, storage: { state: 'low', freeBytes: 500 * MB, message: 'The disk where Segflow keeps its data has only 500MB free.' } });

    const full = await health({ statfs: disk(10 * MB) });
    expect(full.status).toBe(503);
    // Unhealthy is still the health report, as the contract says (not the error envelope).
    expect(healthSchema.parse(full.body)).toEqual(full.body);
    expect(full.body).toMatchObject({ ok: false, storage: { state: 'full', message: 'The disk where Segflow keeps its data is full: free some space, or runs and previews will fail.' } });
  });

  it('is not ok when the data folder takes no writes', async () => {
    // Root may write anywhere: a folder where the probe file goes makes the write fail as a read-only disk would.
    const { status, body } = await health({}, (dataDir) => mkdirSync(join(dataDir, PROBE_FILE)));
    expect(status).toBe(503);
    expect(body).toMatchObject({ ok: false, storage: { state: 'read-only', writable: false, message: 'Segflow cannot write to its data folder: check that the disk is mounted and writable.' } });
  });
});

describe('a machine that runs short', () => {
  async function answer(fail: () => void) {
    const app = express();
    app.get('/x', () => fail());
    app.use(errorHandler(pino({ level: 'silent' }), '1mb'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((ok) => server.once('listening', ok));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
      return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
    } finally {
      server.close();
    }
  }

  it('answers a write that found the disk full with a plain 507, not a 500', async () => {
    // /dev/full fails every write with ENOSPC, as a full disk does.
    const res = await answer(() => writeFileSync('/dev/full', 'rows'));
    expect(res).toMatchObject({ status: 507, body: { error: { code: 'disk_full', message: 'The disk where Segflow keeps its data is full; free some space and try again.' } } });
  });

  it('answers DuckDB running out of memory as busy, with Retry-After', async () => {
    const res = await answer(() => {
      throw new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (255.9 MiB/256.0 MiB used)');
    });
    expect(res).toEqual({ status: 503, retryAfter: '5', body: { error: { code: 'busy', message: 'Segflow is busy computing other previews; try again in a moment.' } } });
  });
});
