import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../api/audit.queries.ts';
import { auditActor, describeAuditEntry } from './audit-text.ts';

const entry = (action: string, details: Record<string, unknown> = {}, target = 'x_1'): AuditEntry => ({
  seq: 1, at: '2024-07-01T10:00:00.000Z', actor: { id: 'usr_1', email: 'ana@example.test' }, action, target, details,
});

describe('describeAuditEntry', () => {
  it('says what was done in a plain sentence', () => {
    expect(describeAuditEntry(entry('workflow.publish', { name: 'Winback', version: 3 }))).toBe('published “Winback” as v3');
    expect(describeAuditEntry(entry('workflow.restore', { name: 'Winback', version: 1 }))).toBe('restored v1 of “Winback” as the draft');
    expect(describeAuditEntry(entry('user.role', { email: 'bo@example.test', from: 'viewer', to: 'editor' }))).toBe('changed bo@example.test from viewer to editor');
    expect(describeAuditEntry(entry('dataset.delete', {}, 'orders.csv'))).toBe('deleted the dataset orders.csv');
    expect(describeAuditEntry(entry('connection.create', {}, 'crm_db'))).toBe('saved the database connection crm_db');
    expect(describeAuditEntry(entry('secret.delete', {}, 'crm_token'))).toBe('deleted the secret crm_token');
    expect(describeAuditEntry(entry('user.create', { email: 'root@example.test', role: 'admin', by: 'setup' }))).toBe('added root@example.test as admin (through the setup link)');
  });

  it('falls back to the target when details are missing, and to the code for actions it does not know', () => {
    expect(describeAuditEntry(entry('workflow.delete', {}, 'wf_9'))).toBe('deleted the workflow “wf_9”');
    expect(describeAuditEntry(entry('schedule.pause', {}, 'sch_1'))).toBe('paused the schedule sch_1');
    expect(describeAuditEntry(entry('report.export', {}, 'rep_1'))).toBe('report.export rep_1');
  });

  it('keeps markup in names as plain text for React to render as text', () => {
    expect(describeAuditEntry(entry('token.create', { name: '<img src=x onerror=alert(1)>' }))).toBe('created the API token “<img src=x onerror=alert(1)>”');
  });

  it('names Segflow as the actor of what no one did by hand', () => {
    expect(auditActor({ ...entry('user.create'), actor: null })).toBe('Segflow');
    expect(auditActor(entry('user.create'))).toBe('ana@example.test');
  });
});
