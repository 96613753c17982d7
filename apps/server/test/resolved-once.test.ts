import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvedOnce } from '../src/services/check-document.ts';
import { pathResolver } from '../src/services/resolve-path.ts';

describe('paths resolved once per validation request', () => {
  const root = mkdtempSync(join(tmpdir(), 'segflow-resolved-once-'));
  const datasets = join(root, 'datasets');
  mkdirSync(datasets);
  writeFileSync(join(datasets, 'customers.csv'), 'customer_id\n1\n');
  writeFileSync(join(root, 'secret.csv'), 'x\n');
  symlinkSync(join(root, 'secret.csv'), join(datasets, 'link.csv'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** The real resolver, counting how often the file system is asked. */
  function counted() {
    const real = pathResolver(datasets);
    const calls: string[] = [];
    return { calls, resolve: (path: string, use: 'read' | 'write') => (calls.push(`${use}:${path}`), real(path, use)) };
  }

  it('gives the real answer, asking the file system once per path and use', () => {
    const { calls, resolve } = counted();
    const once = resolvedOnce(resolve);
    const first = once('customers.csv', 'read');
    expect(once('customers.csv', 'read')).toBe(first);
    expect(first).toBe(pathResolver(datasets)('customers.csv', 'read'));
    expect(calls).toEqual(['read:customers.csv']);
  });

  it('refuses again, in the same words, a path it refused', () => {
    const { calls, resolve } = counted();
    const once = resolvedOnce(resolve);
    for (const path of ['link.csv', '../secret.csv']) {
      let message = '';
      try {
        pathResolver(datasets)(path, 'read');
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).not.toBe('');
      expect(() => once(path, 'read')).toThrow(message);
      expect(() => once(path, 'read')).toThrow(message);
    }
    expect(calls).toEqual(['read:link.csv', 'read:../secret.csv']);
  });

  it('tells reading from writing', () => {
    const { calls, resolve } = counted();
    const once = resolvedOnce(resolve);
    once('customers.csv', 'read');
    expect(() => once('customers.csv', 'write')).toThrow(/Nothing is written here/);
    expect(calls).toEqual(['read:customers.csv', 'write:customers.csv']);
  });
});
