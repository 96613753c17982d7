import { describe, expect, it } from 'vitest';
import { redisConnection } from './redis-connection.ts';

describe('SEGFLOW_REDIS_URL', () => {
  it('reads host, port, credentials, database and TLS from the URL', () => {
    expect(redisConnection('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380, maxRetriesPerRequest: null });
    expect(redisConnection('rediss://ops:p%40ss@cache.internal/2')).toEqual({
      host: 'cache.internal', port: 6379, username: 'ops', password: 'p@ss', db: 2, tls: {}, maxRetriesPerRequest: null,
    });
    expect(redisConnection('redis://[::1]:7000')).toMatchObject({ host: '::1', port: 7000 });
  });

  it('refuses what is not a Redis URL, in a sentence', () => {
    expect(() => redisConnection('localhost:6379')).toThrow(/must start with redis:\/\/ or rediss:\/\//);
    expect(() => redisConnection('not a url')).toThrow(/is not a URL such as redis:\/\/127\.0\.0\.1:6379/);
    expect(() => redisConnection('redis://127.0.0.1/cache')).toThrow(/must be a database number/);
  });
});
