import { error, isConnectionName, type Problem } from '@segflow/engine';

/**
 * Problems for connection and secret names a destination uses that are not
 * stored: found when the document is checked (publish, run), not at its last node.
 */
export function unknownCredentials(nodeId: string, destination: unknown, has: (kind: 'connection' | 'secret', name: string) => boolean): Problem[] {
  const d = destination as { type?: unknown; connection?: unknown; headers?: unknown } | undefined;
  const problems: Problem[] = [];
  if (d?.type === 'postgres' && typeof d.connection === 'string' && isConnectionName(d.connection) && !has('connection', d.connection))
    problems.push(error('invalid_config', `There is no database connection named "${d.connection}"; an admin adds it under Connections.`, { nodeId, field: 'destination.connection' }));
  if (d?.type === 'webhook' && d.headers && typeof d.headers === 'object')
    for (const [header, value] of Object.entries(d.headers)) {
      const name = (value as { secret?: unknown } | null)?.secret;
      if (typeof name === 'string' && !has('secret', name))
        problems.push(error('invalid_config', `There is no secret named "${name}" for the ${header} header; an admin adds it under Connections.`, { nodeId, field: `destination.headers.${header}` }));
    }
  return problems;
}
