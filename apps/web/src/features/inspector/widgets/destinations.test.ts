import { getNodeDefinition } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { destinationFor, followsSegment, withoutEmpty, type Destination } from './destinations.ts';

describe('destinations in the inspector', () => {
  it('names a file or table after the segment, and keeps how it delivers', () => {
    expect(destinationFor('parquet', 'vip', { type: 'csv', path: 'vip.csv', delivery: 'changes' })).toEqual({ type: 'parquet', path: 'vip.parquet', delivery: 'changes' });
    expect(destinationFor('postgres', '2024 VIP', { type: 'csv', path: 'x.csv' })).toEqual({ type: 'postgres', connection: '', table: 's_2024_vip' });
    expect(destinationFor('webhook', 'vip')).toEqual({ type: 'webhook', url: '' });
  });

  it('keeps a webhook\'s address and headers, and a table\'s connection and schema, when renamed', () => {
    const hook: Destination = { type: 'webhook', url: 'https://crm.example.com/h', headers: { Authorization: { secret: 'crm' } }, delivery: 'changes' };
    expect(destinationFor('webhook', 'other', hook)).toEqual(hook);
    const table: Destination = { type: 'postgres', connection: 'crm_db', table: 'vip', schema: 'mkt' };
    expect(destinationFor('postgres', 'lapsed', table)).toEqual({ type: 'postgres', connection: 'crm_db', table: 'lapsed', schema: 'mkt' });
  });

  it('follows the segment name only while the destination is named after it', () => {
    expect(followsSegment({ type: 'csv', path: 'vip.csv' }, 'vip')).toBe(true);
    expect(followsSegment({ type: 'csv', path: 'mine.csv' }, 'vip')).toBe(false);
    expect(followsSegment({ type: 'postgres', connection: 'c', table: 'vip' }, 'vip')).toBe(true);
    expect(followsSegment({ type: 'webhook', url: 'https://x.example' }, 'vip')).toBe(false);
  });

  it('makes destinations the output schema takes once their address or connection is filled in', () => {
    for (const made of [destinationFor('csv', 'vip'), { ...destinationFor('webhook', 'vip'), url: 'https://crm.example.com/h' }, { ...destinationFor('postgres', 'vip'), connection: 'crm_db' }])
      expect(getNodeDefinition('output')!.config.safeParse({ segment: 'vip', destination: made }).success, JSON.stringify(made)).toBe(true);
  });

  it('leaves out settings set back to their default, so they are no change', () => {
    expect(withoutEmpty({ type: 'csv', path: 'vip.csv', delivery: undefined })).toEqual({ type: 'csv', path: 'vip.csv' });
    expect(Object.keys(withoutEmpty({ type: 'csv', path: 'vip.csv', delivery: undefined }))).not.toContain('delivery');
  });
});
