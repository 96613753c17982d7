import { describe, expect, it } from 'vitest';
import { networkFailure } from './http-post.ts';

describe('networkFailure', () => {
  it('says in words why a receiver gave no answer, keeping the system code', () => {
    expect(networkFailure('crm.example.invalid', { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND crm.example.invalid' }))
      .toBe("the address crm.example.invalid could not be found: check the webhook's address (ENOTFOUND)");
    expect(networkFailure('crm.example.com', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toBe('nothing at crm.example.com took the connection: the receiver may be down (ECONNREFUSED)');
    expect(networkFailure('crm.example.com', { code: 'ECONNRESET', message: 'socket hang up' })).toBe('crm.example.com cut the connection before answering (ECONNRESET)');
    expect(networkFailure('crm.example.com', { code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' })).toBe("crm.example.com's security certificate was not accepted (CERT_HAS_EXPIRED)");
    expect(networkFailure('crm.example.com', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'x' })).toBe("crm.example.com's security certificate was not accepted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)");
    expect(networkFailure('crm.example.com', { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'x' })).toBe('crm.example.com does not speak https there: check whether the address should start with http:// (ERR_SSL_WRONG_VERSION_NUMBER)');
    expect(networkFailure('crm.example.com', { name: 'Error', message: 'something odd' })).toBe('Error: something odd');
  });
});
