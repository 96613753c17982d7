import { checkCidr, type AddressAllowList } from '@segflow/engine/node';

const HOST = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const LITERAL = /^\[?[0-9A-Fa-f:.]+\]?$/;

/**
 * SEGFLOW_WEBHOOK_ALLOW: comma-separated host names and address ranges webhooks
 * may reach besides public addresses (as the CLI reads it: an entry with `/` is
 * a range, anything else a host). Throws on an entry that is neither, so a typo
 * stops the server instead of silently refusing deliveries.
 * @example
 *   parseWebhookAllowList('127.0.0.1/32, crm.internal') // { cidrs: ['127.0.0.1/32'], hosts: ['crm.internal'] }
 */
export function parseWebhookAllowList(text: string | undefined): AddressAllowList {
  const entries = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const cidrs = entries.filter((e) => e.includes('/'));
  const hosts = entries.filter((e) => !e.includes('/'));
  const bad = [...cidrs.map(checkCidr).filter(Boolean), ...hosts.filter((h) => !HOST.test(h) && !LITERAL.test(h)).map((h) => `"${h}" is not a host name or address`)];
  if (bad.length) throw new Error(`SEGFLOW_WEBHOOK_ALLOW: ${bad.join('; ')}.`);
  return { cidrs, hosts };
}
