import { describe, expect, it } from 'vitest';
import { addressKind, checkCidr, refusedAddress } from './address-policy.ts';

describe('addressKind', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2606:4700::1111', 'public'],
    // IPv4 inside IPv6: judged by the IPv4 address.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:7f00:1::', 'loopback'],
  ])('%s is %s', (address, kind) => expect(addressKind(address)).toBe(kind));

  it.each(['localhost', 'example.com', '1.2.3', '256.1.1.1', '1::2::3', '1:2:3:4:5:6:7:8:9', 'gggg::1'])('%s is no address', (text) =>
    expect(addressKind(text)).toBeUndefined());
});

describe('refusedAddress', () => {
  it('refuses every internal kind by default and says which', () => {
    expect(refusedAddress('127.0.0.1', 'h', {})).toBe('a loopback address (127.0.0.1)');
    expect(refusedAddress('::ffff:7f00:1', 'h', {})).toBe('a loopback address (::ffff:7f00:1)');
    expect(refusedAddress('0.0.0.0', 'h', {})).toBe('an unspecified address (0.0.0.0)');
    expect(refusedAddress('93.184.216.34', 'h', {})).toBeUndefined();
  });

  it('lets allowPrivate open private ranges only', () => {
    expect(refusedAddress('10.0.0.1', 'h', { allowPrivate: true })).toBeUndefined();
    expect(refusedAddress('fd00::1', 'h', { allowPrivate: true })).toBeUndefined();
    expect(refusedAddress('127.0.0.1', 'h', { allowPrivate: true })).toMatch(/loopback/);
    expect(refusedAddress('169.254.169.254', 'h', { allowPrivate: true })).toMatch(/link-local/);
  });

  it('matches allow-listed ranges in every IPv6 disguise of an IPv4 address', () => {
    const allow = { cidrs: ['127.0.0.1/32'] };
    expect(refusedAddress('127.0.0.1', 'h', allow)).toBeUndefined();
    expect(refusedAddress('::ffff:7f00:1', 'h', allow)).toBeUndefined();
    expect(refusedAddress('127.0.0.2', 'h', allow)).toMatch(/loopback/);
    expect(refusedAddress('::1', 'h', allow)).toMatch(/loopback/);
    expect(refusedAddress('::1', 'h', { cidrs: ['::1'] })).toBeUndefined();
    expect(refusedAddress('10.9.8.7', 'h', { cidrs: ['10.9.0.0/16'] })).toBeUndefined();
  });

  it('lets an allow-listed host name reach whatever it resolves to', () => {
    expect(refusedAddress('10.0.0.5', 'Hooks.Internal.', { hosts: ['hooks.internal'] })).toBeUndefined();
    expect(refusedAddress('10.0.0.5', 'other.internal', { hosts: ['hooks.internal'] })).toMatch(/private/);
  });
});

it('checkCidr says what is wrong with an allow-list entry', () => {
  expect(checkCidr('10.0.0.0/8')).toBeUndefined();
  expect(checkCidr('::1/128')).toBeUndefined();
  expect(checkCidr('10.0.0.0/33')).toMatch(/prefix/);
  expect(checkCidr('intranet')).toMatch(/not an address/);
});
