import type { AuditEntry } from '../../api/audit.queries.ts';

const text = (value: unknown, fallback = '?') => (value === undefined || value === null || value === '' ? fallback : String(value));

const CREATED_BY: Record<string, string> = {
  environment: ' (from the server’s settings)',
  setup: ' (through the setup link)',
  cli: ' (from the command line)',
};

const SCHEDULE_VERB: Record<string, string> = { 'schedule.update': 'changed', 'schedule.pause': 'paused', 'schedule.resume': 'resumed', 'schedule.delete': 'deleted' };

/**
 * An audit entry as one plain sentence ("published “Winback” as v3"). Whatever
 * the details hold is turned into text here and rendered as text, never markup.
 * Actions this page does not know yet still show, as their code and target.
 */
export function describeAuditEntry({ action, target, details: d }: AuditEntry): string {
  const name = (fallback: string) => `“${text(d.name, fallback)}”`;
  switch (action) {
    case 'workflow.publish':
      return `published ${name(target)} as v${text(d.version)}`;
    case 'workflow.restore':
      return `restored v${text(d.version)} of ${name(target)} as the draft`;
    case 'workflow.delete':
      return `deleted the workflow ${name(target)}`;
    case 'connection.create':
      return `saved the database connection ${text(target)}`;
    case 'connection.delete':
      return `deleted the database connection ${text(target)}`;
    case 'secret.create':
      return `saved the secret ${text(target)}`;
    case 'secret.delete':
      return `deleted the secret ${text(target)}`;
    case 'dataset.delete':
      return `deleted the dataset ${text(target)}`;
    case 'dataset.replace':
      return `replaced the dataset ${text(target)}`;
    case 'user.create':
      return `added ${text(d.email, target)} as ${text(d.role)}${CREATED_BY[String(d.by)] ?? ''}`;
    case 'user.role':
      return `changed ${text(d.email, target)} from ${text(d.from)} to ${text(d.to)}`;
    case 'user.email':
      return `changed the email ${text(d.from)} to ${text(d.to)}`;
    case 'user.password':
      return `set a new password for ${text(d.email, target)}`;
    case 'user.delete':
      return `removed ${text(d.email, target)} (${text(d.role)})`;
    case 'token.create':
      return `created the API token ${name(target)}`;
    case 'token.revoke':
      return `revoked the API token ${name(target)}`;
    case 'schedule.create':
      return `scheduled the workflow ${name(target)}`;
    case 'schedule.update':
    case 'schedule.pause':
    case 'schedule.resume':
    case 'schedule.delete':
      return `${SCHEDULE_VERB[action]} the schedule ${text(target)}`;
    case 'alerts.settings':
      return `changed the alerts of the workflow ${name(target)}`;
    default:
      return `${action} ${target}`;
  }
}

/** Who acted: an email, or Segflow itself for the first admin. */
export const auditActor = (entry: AuditEntry) => entry.actor?.email ?? 'Segflow';
