import { describe, expect, it } from 'vitest';
import { budgetFromEnv, formatSize, parseSize, resolveBudget } from './budget.ts';

const GB = 1024 ** 3;
const MB = 1024 ** 2;
const machine = { memory: 24 * GB, cores: 8 };

describe('the memory budget', () => {
  it('reads sizes as people write them', () => {
    expect(parseSize('8GB')).toBe(8 * GB);
    expect(parseSize('512MB')).toBe(512 * MB);
    expect(parseSize('1.5 GiB')).toBe(1.5 * GB);
    expect(parseSize('256m')).toBe(256 * MB);
    expect(parseSize('1048576')).toBe(MB);
    for (const bad of ['', 'lots', '8 XB', '-1GB', '8GB8']) expect(() => parseSize(bad)).toThrow(/is not a size: write it like 8GB/);
    expect(formatSize(8 * GB)).toBe('8GB');
    expect(formatSize(1.5 * GB)).toBe('1536MB');
  });

  it('defaults to half the machine, every core, a preview slot per 512 MB at most one per thread', () => {
    expect(resolveBudget({}, machine)).toEqual({ bytes: 12 * GB, threads: 8, slots: 8, queue: 16 });
    expect(resolveBudget({ memoryLimit: GB }, machine)).toEqual({ bytes: GB, threads: 8, slots: 2, queue: 16 });
    expect(resolveBudget({ memoryLimit: 256 * MB, threads: 2 }, machine)).toMatchObject({ bytes: 256 * MB, threads: 2, slots: 1 });
    expect(resolveBudget({ memoryLimit: 64 * GB, threads: 2 }, machine).slots).toBe(2);
    expect(resolveBudget({ slots: 3, queue: 0 }, machine)).toMatchObject({ slots: 3, queue: 0 });
  });

  it('refuses a budget DuckDB cannot work in', () => {
    expect(() => resolveBudget({ memoryLimit: 10 * MB }, machine)).toThrow('The memory limit 10MB is too small: give Segflow at least 64MB.');
  });

  it('comes from SEGFLOW_MEMORY_LIMIT and SEGFLOW_THREADS', () => {
    expect(budgetFromEnv({ SEGFLOW_MEMORY_LIMIT: '8GB', SEGFLOW_THREADS: '4' })).toEqual({ memoryLimit: 8 * GB, threads: 4 });
    expect(budgetFromEnv({})).toEqual({ memoryLimit: undefined, threads: undefined });
    expect(() => budgetFromEnv({ SEGFLOW_THREADS: 'many' })).toThrow('SEGFLOW_THREADS must be a whole number above 0, not "many".');
  });
});
