import { describe, expect, it } from 'vitest';
import { parseWebhookAllowList } from './webhook-allow-list.ts';

describe('parseWebhookAllowList', () => {
  it('reads ranges and hosts, comma-separated, ignoring blanks', () => {
    expect(parseWebhookAllowList(' 127.0.0.1/32, crm.internal,,10.1.0.0/16 ,::1')).toEqual({ cidrs: ['127.0.0.1/32', '10.1.0.0/16'], hosts: ['crm.internal', '::1'] });
    expect(parseWebhookAllowList(undefined)).toEqual({ cidrs: [], hosts: [] });
  });

  it('refuses what is neither, naming it', () => {
    expect(() => parseWebhookAllowList('127.0.0.1/33')).toThrow(/invalid prefix length/);
    expect(() => parseWebhookAllowList('http://crm.internal')).toThrow(/"http:\/\/crm.internal" is not/);
  });
});
