import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, postgresDestination, remoteDestination, webhookDestination } from './destination-schema.ts';

describe('checkWebhookUrl', () => {
  it.each([
    ['http://10.0.0.1/hook', /private address \(10\.0\.0\.1\)/],
    ['http://169.254.169.254/latest/meta-data', /link-local/],
    ['http://[::ffff:127.0.0.1]:8080/', /loopback address \(::ffff:7f00:1\)/],
    ['http://[::1]/', /loopback/],
    ['http://0x7f.1/', /loopback address \(127\.0\.0\.1\)/],
    ['http://2130706433/', /loopback/],
    ['http://localhost:3000/', /loopback/],
    ['http://api.localhost/', /loopback/],
    ['http://[fd00::1]/', /private/],
    ['http://0.0.0.0/', /unspecified/],
    ['ftp://example.com/', /http:\/\/ or https:\/\//],
    ['not a url', /not a valid URL/],
  ])('refuses %s', (url, message) => expect(checkWebhookUrl(url, {})).toMatch(message));

  it.each(['https://hooks.example.com/x', 'http://93.184.216.34/', 'https://[2606:4700::1111]/'])('accepts %s', (url) =>
    expect(checkWebhookUrl(url, {})).toBeUndefined());

  it('accepts what the allow list permits', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9/', { cidrs: ['127.0.0.1/32'] })).toBeUndefined();
    expect(checkWebhookUrl('http://localhost:9/', { cidrs: ['127.0.0.1'] })).toBeUndefined();
    expect(checkWebhookUrl('http://localhost:9/', { hosts: ['localhost'] })).toBeUndefined();
    expect(checkWebhookUrl('http://10.1.1.1/', { allowPrivate: true })).toBeUndefined();
    expect(checkWebhookUrl('http://169.254.169.254/', { allowPrivate: true })).toMatch(/link-local/);
  });
});

describe('destination schemas', () => {
  it('fills webhook defaults', () => {
    expect(webhookDestination.parse({ type: 'webhook', url: 'https://h.example/x' })).toEqual({
      type: 'webhook', url: 'https://h.example/x', batchSize: 500, timeoutMs: 10000, maxAttempts: 5,
    });
  });

  it('refuses headers Segflow sets and header injection', () => {
    const parse = (headers: Record<string, string>) => webhookDestination.safeParse({ type: 'webhook', url: 'https://h.example/', headers });
    expect(parse({ Authorization: 'Bearer x' }).success).toBe(true);
    expect(parse({ 'Idempotency-Key': 'mine' }).success).toBe(false);
    expect(parse({ 'X-A': 'v\r\nX-Injected: 1' }).success).toBe(false);
    expect(parse({ 'bad name': 'v' }).success).toBe(false);
  });

  it('refuses non-http URLs and out-of-range settings', () => {
    const base = { type: 'webhook', url: 'https://h.example/' };
    expect(webhookDestination.safeParse({ ...base, url: 'file:///etc/passwd' }).success).toBe(false);
    expect(webhookDestination.safeParse({ ...base, batchSize: 0 }).success).toBe(false);
    expect(webhookDestination.safeParse({ ...base, timeoutMs: 50 }).success).toBe(false);
    expect(webhookDestination.safeParse({ ...base, maxAttempts: 11 }).success).toBe(false);
  });

  it('accepts only plain table and schema names', () => {
    const base = { type: 'postgres', connection: 'postgres://u@h/db' };
    expect(postgresDestination.safeParse({ ...base, table: 'vip_customers', schema: 'crm' }).success).toBe(true);
    expect(postgresDestination.safeParse({ ...base, table: 'vip; DROP TABLE x' }).success).toBe(false);
    expect(postgresDestination.safeParse({ ...base, table: 'a'.repeat(64) }).success).toBe(false);
    expect(remoteDestination.parse({ ...base, table: 't' })).toMatchObject({ type: 'postgres', batchSize: 5000 });
  });
});
