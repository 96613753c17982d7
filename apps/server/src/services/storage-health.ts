import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatSize } from './memory/budget.ts';

/** What fs.statfs gives: blocks of `bsize` bytes, `bavail` of them free for the server. */
export type StatFs = (path: string) => Promise<{ bsize: number; blocks: number; bavail: number }>;

export type StorageState = 'ok' | 'low' | 'full' | 'read-only';

export interface StorageHealth {
  state: StorageState;
  writable: boolean;
  freeBytes: number | null;
  totalBytes: number | null;
  /** A plain sentence when the state is not ok. */
  message?: string;
}

/** Below this, writes are about to fail: the server says it is not healthy. */
export const FULL_BYTES = 64 * 1024 ** 2;

/** The file a health check writes and removes again to learn that the data folder takes writes. */
export const PROBE_FILE = '.health-probe';

async function canWrite(dir: string): Promise<boolean> {
  const probe = join(dir, PROBE_FILE);
  try {
    await writeFile(probe, String(Date.now()));
    await rm(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

/** Whether the data folder takes writes and how much room its disk has left. */
export async function storageHealth(dir: string, o: { statfs: StatFs; lowBytes: number }): Promise<StorageHealth> {
  const writable = await canWrite(dir);
  const disk = await o.statfs(dir).catch(() => undefined);
  const freeBytes = disk ? disk.bavail * disk.bsize : null;
  const totalBytes = disk ? disk.blocks * disk.bsize : null;
  const state = storageState(writable, freeBytes, o.lowBytes);
  const message = {
    ok: undefined,
    'read-only': 'Segflow cannot write to its data folder: check that the disk is mounted and writable.',
    full: 'The disk where Segflow keeps its data is full: free some space, or runs and previews will fail.',
    low: `The disk where Segflow keeps its data has only ${formatSize(freeBytes ?? 0)} free.`,
  }[state];
  return { state, writable, freeBytes, totalBytes, ...(message ? { message } : {}) };
}

export function storageState(writable: boolean, freeBytes: number | null, lowBytes: number): StorageState {
  if (!writable) return 'read-only';
  if (freeBytes === null) return 'ok';
  if (freeBytes < FULL_BYTES) return 'full';
  return freeBytes < lowBytes ? 'low' : 'ok';
}
