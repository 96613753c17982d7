import { checkCidr, type AddressAllowList } from '@segflow/engine/node';

const HOST = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const LITERAL = /^\[?[0-9A-Fa-f:.]+\]?$/;

/**
 * SEGFLOW_DESTINATION_ALLOW (and its older name SEGFLOW_WEBHOOK_ALLOW, read too):
 * comma-separated host names and address ranges that webhooks and databases may
 * reach besides public addresses (as the CLI reads it: an entry with `/` is a
 * range, anything else a host). Throws on an entry that is neither, so a typo
 * stops the server instead of silently refusing deliveries.
 * @example
 *   parseDestinationAllowList({ SEGFLOW_DESTINATION_ALLOW: '127.0.0.1/32, crm.internal' }) // { cidrs: ['127.0.0.1/32'], hosts: ['crm.internal'] }
 */
export function parseDestinationAllowList(env: NodeJS.ProcessEnv): AddressAllowList {
  const read = (variable: string) => (env[variable] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((entry) => ({ variable, entry }));
  const entries = [...read('SEGFLOW_DESTINATION_ALLOW'), ...read('SEGFLOW_WEBHOOK_ALLOW')];
  const bad = entries.flatMap(({ variable, entry }) => {
    const problem = entry.includes('/') ? checkCidr(entry) : HOST.test(entry) || LITERAL.test(entry) ? undefined : `"${entry}" is not a host name or address`;
    return problem ? [`${variable}: ${problem}`] : [];
  });
  if (bad.length) throw new Error(`${bad.join('; ')}.`);
  return { cidrs: entries.filter((e) => e.entry.includes('/')).map((e) => e.entry), hosts: entries.filter((e) => !e.entry.includes('/')).map((e) => e.entry) };
}
