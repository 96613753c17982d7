import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { parseIp, refusedAddress, type AddressAllowList } from './address-policy.ts';
import { guardedLookup, REFUSED_ADDRESS, refusedAddressError } from './guarded-lookup.ts';
import { retryAfterMs } from './retry.ts';

/** How one POST went. `retry` says whether another attempt may succeed. */
export type PostResult =
  | { ok: true; status: number }
  | { ok: false; retry: boolean; reason: string; retryAfterMs?: number; aborted?: boolean };

const EXCERPT_CHARS = 200;

/** A poster keeps connections alive across a delivery's batches; close it when done. */
export interface JsonPoster {
  post(body: string, headers: OutgoingHttpHeaders, options: { timeoutMs: number; signal?: AbortSignal }): Promise<PostResult>;
  close(): void;
}

/**
 * POSTs JSON to `url` and classifies the answer: 2xx succeeds; 5xx, 408, 429,
 * resets and timeouts may be retried; other 4xx and 3xx (redirects are not
 * followed) may not. Addresses are checked against `allow` at connect time,
 * and a literal address host before any socket is opened.
 */
export function jsonPoster(url: string, allow: AddressAllowList): JsonPoster {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const literalRefusal = parseIp(host) ? refusedAddress(host, host, allow) : undefined;
  const lookup = guardedLookup(allow);

  function post(body: string, headers: OutgoingHttpHeaders, { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal }): Promise<PostResult> {
    // Node connects to a literal address without calling `lookup`: check it here.
    if (literalRefusal) return Promise.resolve({ ok: false, retry: false, reason: refusedAddressError(host, [literalRefusal]).message });
    if (signal?.aborted) return Promise.resolve({ ok: false, retry: false, reason: 'the run was cancelled', aborted: true });
    return new Promise((resolve) => {
      const timeout = AbortSignal.timeout(timeoutMs);
      let settled = false;
      const finish = (result: PostResult) => {
        if (settled) return;
        settled = true;
        timeout.removeEventListener('abort', onTimeout);
        signal?.removeEventListener('abort', onCancel);
        resolve(result);
      };
      const onTimeout = () => {
        finish({ ok: false, retry: true, reason: `no answer within ${timeoutMs} ms` });
        req.destroy();
      };
      const onCancel = () => {
        finish({ ok: false, retry: false, reason: 'the run was cancelled', aborted: true });
        req.destroy();
      };
      const req = (https ? httpsRequest : httpRequest)(
        {
          protocol: target.protocol,
          hostname: host,
          port: target.port || undefined,
          path: `${target.pathname}${target.search}`,
          auth: target.username ? `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` : undefined,
          method: 'POST',
          agent,
          lookup,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => onResponse(res, finish),
      );
      timeout.addEventListener('abort', onTimeout, { once: true });
      signal?.addEventListener('abort', onCancel, { once: true });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === REFUSED_ADDRESS) finish({ ok: false, retry: false, reason: error.message });
        else finish({ ok: false, retry: true, reason: networkFailure(host, error) });
      });
      req.end(body);
    });
  }

  return { post, close: () => agent.destroy() };
}

function onResponse(res: IncomingMessage, finish: (r: PostResult) => void): void {
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) {
    // The receiver has the batch once it says 2xx, whatever happens to the rest of the answer.
    finish({ ok: true, status });
    res.on('error', () => undefined).resume();
    return;
  }
  let excerpt = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    if (excerpt.length < EXCERPT_CHARS) excerpt += chunk;
  });
  const done = () => finish(classify(status, res, excerpt.slice(0, EXCERPT_CHARS).replace(/\s+/g, ' ').trim()));
  res.on('end', done);
  res.on('error', done);
  res.on('close', done);
}

function classify(status: number, res: IncomingMessage, excerpt: string): PostResult {
  const said = `the receiver answered ${status}${excerpt ? `: ${excerpt}` : ''}`;
  if (status >= 300 && status < 400)
    return { ok: false, retry: false, reason: `the receiver answered ${status} (a redirect${res.headers.location ? ` to ${res.headers.location}` : ''}); redirects are not followed` };
  // 408: the receiver gave up reading the batch in time; like 429 and 5xx, that may pass.
  if (status === 408 || status === 429 || status >= 500) return { ok: false, retry: true, reason: said, retryAfterMs: retryAfterMs(res.headers['retry-after']) };
  return { ok: false, retry: false, reason: said };
}

/** Why a request got no answer, in words ("the address crm.example.com could not be found"), with the system's code for whoever runs the receiver. */
export function networkFailure(host: string, error: { code?: string; name?: string; message: string }): string {
  const code = error.code ?? error.name ?? 'Error';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the address ${host} could not be found: check the webhook's address (${code})`;
  if (code === 'ECONNREFUSED') return `nothing at ${host} took the connection: the receiver may be down (${code})`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `${host} cut the connection before answering (${code})`;
  if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return `${host} could not be reached (${code})`;
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') return `${host} does not speak https there: check whether the address should start with http:// (${code})`;
  if (/CERT|SIGNATURE|ALTNAME/.test(code)) return `${host}'s security certificate was not accepted (${code})`;
  return `${code}: ${error.message}`;
}
