import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, refusedAddress, type AddressAllowList } from '@segflow/engine/node';

export type PostOutcome = { ok: true } | { ok: false; retry: boolean; reason: string };

/**
 * One JSON POST with a timeout; 2xx succeeds, 5xx, 429 and network errors may be
 * retried, anything else (redirects too: they are not followed) may not. With
 * `allow`, every address the host resolves to is checked against it at connect
 * time (the URL a publisher typed); without it, the operator's own URL goes anywhere.
 */
export function postJson(url: string, body: unknown, options: { timeoutMs: number; headers?: Record<string, string>; allow?: AddressAllowList }): Promise<PostOutcome> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, retry: false, reason: 'not a valid URL' });
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (options.allow && /^[\d.]+$|:/.test(host)) {
    // Node connects to a literal address without a lookup: check it here.
    const refused = refusedAddress(host, host, options.allow);
    if (refused) return Promise.resolve({ ok: false, retry: false, reason: `${host} is ${refused}, which is refused unless an admin allow-lists it` });
  }
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      {
        protocol: target.protocol,
        hostname: host,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        timeout: options.timeoutMs,
        ...(options.allow ? { lookup: guardedLookup(options.allow) } : {}),
        headers: { ...options.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        if (status >= 200 && status < 300) finish({ ok: true });
        else finish({ ok: false, retry: status === 429 || status >= 500, reason: `the receiver answered ${status}` });
      },
    );
    req.on('timeout', () => {
      finish({ ok: false, retry: true, reason: `no answer within ${options.timeoutMs} ms` });
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, retry: error.code !== 'ERR_SEGFLOW_REFUSED_ADDRESS', reason: error.message }));
    req.end(payload);
  });
}
