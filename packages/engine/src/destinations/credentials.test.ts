import { describe, expect, it } from 'vitest';
import { literalCredentials, redactDestination, resolveCredentials, type CredentialResolver } from './credentials.ts';
import { postgresDestination, webhookDestination } from './destination-schema.ts';

const resolver: CredentialResolver = {
  connection: (name) => (name === 'crm_db' ? 'postgres://app:pw@db.example.com/crm' : undefined),
  secret: (name) => ({ crm_token: 'Bearer abc', broken: 'a\r\nX-Injected: 1' })[name],
};

describe('literalCredentials', () => {
  it('finds passwords in URLs and values of sensitive headers', () => {
    expect(literalCredentials({ type: 'postgres', connection: 'postgres://app:pw@db/crm' })).toEqual(['the database connection contains a password']);
    expect(literalCredentials({ type: 'postgres', connection: 'postgres://app@db/crm?password=pw' })).toHaveLength(1);
    expect(literalCredentials({ type: 'webhook', url: 'https://u:p@h.example/x' })).toEqual(['the webhook URL contains a password']);
    expect(literalCredentials({ type: 'webhook', url: 'https://h.example/x', headers: { Authorization: 'Bearer x', 'X-Api-Key': 'k', Cookie: 'c', 'X-Auth-Token': 't' } })).toHaveLength(4);
  });

  it('accepts names, URLs without a password and harmless headers', () => {
    expect(literalCredentials({ type: 'postgres', connection: 'crm_db' })).toEqual([]);
    expect(literalCredentials({ type: 'postgres', connection: 'postgres://app@db/crm' })).toEqual([]);
    expect(literalCredentials({ type: 'webhook', url: 'https://h.example/x', headers: { Authorization: { secret: 'crm_token' }, 'X-Team': 'growth' } })).toEqual([]);
  });
});

describe('redactDestination', () => {
  it('replaces every credential by ***, keeping the rest', () => {
    expect(redactDestination({ type: 'postgres', connection: 'postgres://app:pw@db.example.com:6543/crm', table: 't' }))
      .toEqual({ type: 'postgres', connection: 'postgres://app:***@db.example.com:6543/crm', table: 't' });
    expect(redactDestination({ type: 'webhook', url: 'https://h.example/x', headers: { Authorization: 'Bearer x', 'X-Team': 'growth' } }))
      .toEqual({ type: 'webhook', url: 'https://h.example/x', headers: { Authorization: '***', 'X-Team': 'growth' } });
  });
});

describe('resolveCredentials', () => {
  it('replaces names by what they stand for', () => {
    expect(resolveCredentials(postgresDestination.parse({ type: 'postgres', connection: 'crm_db', table: 't' }), resolver).connection).toBe('postgres://app:pw@db.example.com/crm');
    const hook = webhookDestination.parse({ type: 'webhook', url: 'https://h.example/x', headers: { Authorization: { secret: 'crm_token' }, 'X-Team': 'growth' } });
    expect(resolveCredentials(hook, resolver).headers).toEqual({ Authorization: 'Bearer abc', 'X-Team': 'growth' });
  });

  it('fails for good, naming the name, when it is unknown or unsafe', () => {
    expect(() => resolveCredentials(postgresDestination.parse({ type: 'postgres', connection: 'nope', table: 't' }), resolver)).toThrow(/no database connection named "nope"/);
    const hook = (secret: string) => webhookDestination.parse({ type: 'webhook', url: 'https://h.example/x', headers: { Authorization: { secret } } });
    expect(() => resolveCredentials(hook('nope'), resolver)).toThrow(/no secret named "nope" \(the Authorization header\)/);
    expect(() => resolveCredentials(hook('broken'), resolver)).toThrow(/contains a line break/);
    expect(() => resolveCredentials(hook('nope'), undefined)).toThrow(expect.objectContaining({ permanent: true }));
  });
});
