import { describe, expect, it } from 'vitest';
import { parseDestinationAllowList } from './destination-allow-list.ts';

describe('parseDestinationAllowList', () => {
  it('reads ranges and hosts, comma-separated, ignoring blanks', () => {
    expect(parseDestinationAllowList({ SEGFLOW_DESTINATION_ALLOW: ' 127.0.0.1/32, crm.internal,,10.1.0.0/16 ,::1' })).toEqual({ cidrs: ['127.0.0.1/32', '10.1.0.0/16'], hosts: ['crm.internal', '::1'] });
    expect(parseDestinationAllowList({})).toEqual({ cidrs: [], hosts: [] });
  });

  it('still reads SEGFLOW_WEBHOOK_ALLOW, adding to SEGFLOW_DESTINATION_ALLOW', () => {
    expect(parseDestinationAllowList({ SEGFLOW_WEBHOOK_ALLOW: '127.0.0.1/32' })).toEqual({ cidrs: ['127.0.0.1/32'], hosts: [] });
    expect(parseDestinationAllowList({ SEGFLOW_DESTINATION_ALLOW: 'db.internal', SEGFLOW_WEBHOOK_ALLOW: '10.0.0.0/8' })).toEqual({ cidrs: ['10.0.0.0/8'], hosts: ['db.internal'] });
  });

  it('refuses what is neither, naming it and the variable', () => {
    expect(() => parseDestinationAllowList({ SEGFLOW_DESTINATION_ALLOW: '127.0.0.1/33' })).toThrow(/SEGFLOW_DESTINATION_ALLOW: .*invalid prefix length/);
    expect(() => parseDestinationAllowList({ SEGFLOW_WEBHOOK_ALLOW: 'http://crm.internal' })).toThrow(/SEGFLOW_WEBHOOK_ALLOW: "http:\/\/crm.internal" is not/);
  });
});
