import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Claims the data directory for this process. Two servers on one directory would
 * each take the other's running runs for leftovers of a crash and fail them.
 * A lock left by a process that is gone is taken over.
 * @returns the release function.
 */
export function lockDataDir(root: string): () => void {
  const file = join(root, 'server.pid');
  const holder = Number(readFileSync(file, { encoding: 'utf8', flag: 'a+' }).trim());
  if (holder && holder !== process.pid && alive(holder))
    throw new Error(`Another Segflow server (process ${holder}) is using ${root}. Stop it, or give this one another SEGFLOW_DATA_DIR.`);
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (Number(readFileSync(file, 'utf8')) === process.pid) rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  };
}
