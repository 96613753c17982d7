import { describe, expect, it } from 'vitest';
import { checkPostgresConnection, parsePostgresUrl } from './postgres-url.ts';

describe('checkPostgresConnection', () => {
  it.each([
    ['postgres://app@127.0.0.1/crm', /a loopback address \(127\.0\.0\.1\)/],
    ['postgres://app@169.254.169.254:5432/crm', /a link-local address/],
    ['postgres://app@[::1]/crm', /a loopback address \(::1\)/],
    ['postgres://app@[::ffff:7f00:1]/crm', /a loopback address/],
    ['postgresql://app@localhost/crm', /a loopback address/],
    ['postgres://app@0.0.0.0/crm', /an unspecified address/],
    ['postgres://app@%2Fvar%2Frun%2Fpostgresql/crm', /must name one host/],
    ['postgres:///crm', /must name a host/],
    ['postgres://app@a.example,b.example/crm', /must name one host/],
    ['postgres://app@db.example/crm?host=/var/run/postgresql', /may not set "host"/],
    ['postgres://app@db.example/crm?sslrootcert=/etc/passwd', /may not set "sslrootcert"/],
    ['postgres://app@db.example/crm?sslkey=/etc/shadow', /may not set "sslkey"/],
    ['postgres://app@db.example/crm?sslcert=/x', /may not set "sslcert"/],
    ['postgres://app@db.example/crm?sslcrl=/x', /may not set "sslcrl"/],
    ['postgres://app@db.example/crm?passfile=/x', /may not set "passfile"/],
    ['postgres://app@db.example/crm?service=x', /may not set "service"/],
    ['postgres://app@db.example/crm?options=-c%20x', /may not set "options"/],
    ['postgres://app@db.example/crm?sslmode=allow', /sslmode must be one of/],
    ['mysql://app@db.example/crm', /must be a postgres:\/\/ URL/],
    ['not a name or url', /neither a connection name nor a postgres:\/\/ URL/],
  ])('refuses %s', (connection, message) => expect(checkPostgresConnection(connection, {})).toMatch(message));

  it('accepts connection names, public hosts and the safe parameters', () => {
    expect(checkPostgresConnection('crm_db', {})).toBeUndefined();
    expect(checkPostgresConnection('postgres://app@db.example.com:6543/crm?sslmode=verify-full&application_name=x&connect_timeout=5', {})).toBeUndefined();
    expect(checkPostgresConnection('postgres://app@8.8.8.8/crm', {})).toBeUndefined();
  });

  it('accepts what an admin allow-listed', () => {
    expect(checkPostgresConnection('postgres://app@127.0.0.1:5432/crm', { cidrs: ['127.0.0.1/32'] })).toBeUndefined();
    expect(checkPostgresConnection('postgres://app@localhost/crm', { hosts: ['localhost'] })).toBeUndefined();
    expect(checkPostgresConnection('postgres://app@10.1.2.3/crm', { allowPrivate: true })).toBeUndefined();
  });
});

describe('parsePostgresUrl', () => {
  it('decodes the parts the client is given', () => {
    expect(parsePostgresUrl('postgres://a%40b:p%2Fw@[2001:db8::1]:6000/my%20db?sslmode=require').target).toEqual({
      host: '2001:db8::1', port: 6000, user: 'a@b', password: 'p/w', database: 'my db', sslmode: 'require', applicationName: undefined, connectTimeoutSeconds: undefined,
    });
  });
});
