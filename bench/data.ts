import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDataset } from '../packages/engine/src/node.ts';

/** Where generated files are kept between bench runs (gitignored). */
export const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '.cache');

export interface BenchDataset {
  customersPath: string;
  eventsPath: string;
  /** Distinct customers asked for; the file holds a few more rows (duplicates, empty keys). */
  customers: number;
  eventsPerCustomer: number;
  seed: number;
  /** Rows in each file. */
  customerRows: number;
  eventRows: number;
  /** Generation time; 0 when it came from the cache. */
  generatedMs: number;
}

/**
 * The generator's files for (seed, size), made once and kept under
 * `bench/.cache/`. A folder counts as cached only once `dataset.json` is in it:
 * files are generated into a temporary folder that is renamed when complete,
 * so an interrupted bench never leaves half a dataset behind.
 */
export async function benchDataset(customers: number, options: { eventsPerCustomer?: number; seed?: number } = {}): Promise<BenchDataset> {
  const eventsPerCustomer = options.eventsPerCustomer ?? 20;
  const seed = options.seed ?? 1;
  const dir = join(CACHE_DIR, `seed-${seed}`, `customers-${customers}-events-${eventsPerCustomer}`);
  const manifest = join(dir, 'dataset.json');
  if (existsSync(manifest)) {
    const cached = JSON.parse(await readFile(manifest, 'utf8')) as Omit<BenchDataset, 'customersPath' | 'eventsPath' | 'generatedMs'>;
    return { ...cached, customersPath: join(dir, 'customers.parquet'), eventsPath: join(dir, 'events.parquet'), generatedMs: 0 };
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(dirname(dir), { recursive: true });
  const made = await generateDataset({ customers, eventsPerCustomer, seed, outDir: tmp, format: 'parquet' });
  const facts = { customers, eventsPerCustomer, seed, customerRows: made.customers, eventRows: made.events };
  await writeFile(join(tmp, 'dataset.json'), `${JSON.stringify(facts, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return { ...facts, customersPath: join(dir, 'customers.parquet'), eventsPath: join(dir, 'events.parquet'), generatedMs: made.ms };
}
