import { describe, expect, it } from 'vitest';
import { resolveRunSettings } from './run-settings.ts';

const fallback = { cores: 6, asOf: () => '2026-01-02' };

describe('resolveRunSettings', () => {
  it('takes what was asked, then the document, then the machine', () => {
    expect(resolveRunSettings({}, undefined, fallback)).toEqual({ mode: 'hybrid', partitions: 6, asOf: '2026-01-02' });
    expect(resolveRunSettings({}, { mode: 'parallel', partitions: 3, asOf: '2022-06-30' }, fallback)).toEqual({ mode: 'parallel', partitions: 3, asOf: '2022-06-30' });
    expect(resolveRunSettings({ mode: 'hybrid', partitions: 2, asOf: '2023-01-01' }, { mode: 'parallel', partitions: 3, asOf: '2022-06-30' }, fallback)).toEqual({ mode: 'hybrid', partitions: 2, asOf: '2023-01-01' });
  });

  it('reads a null request (a schedule that names nothing) as not asked', () => {
    expect(resolveRunSettings({ mode: null, partitions: null }, { partitions: 4 }, fallback)).toEqual({ mode: 'hybrid', partitions: 4, asOf: '2026-01-02' });
  });

  it('runs sequential on one partition whatever was asked', () => {
    expect(resolveRunSettings({ mode: 'sequential', partitions: 8 }, undefined, fallback).partitions).toBe(1);
    expect(resolveRunSettings({}, { mode: 'sequential', partitions: 8 }, fallback).partitions).toBe(1);
  });
});
