import { z } from 'zod';
import { COLUMN_TYPES } from '@segflow/engine';
import { ROLES } from '../access.ts';
import { idSchema, timestamp } from './common.ts';

/** Loose on purpose (`admin@localhost` is fine); compared without case. */
export const emailSchema = z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');
/** Long enough to resist guessing, short enough not to be a denial of service. */
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(1024, 'must be at most 1024 characters');
export const roleSchema = z.enum(ROLES);

export const userSchema = z.object({ id: idSchema, email: z.string(), role: roleSchema, createdAt: timestamp, updatedAt: timestamp });

/** Who is signed in, how, and what they may do (route keys and request-rule names). */
export const whoAmISchema = z.object({
  user: z.object({ id: idSchema, email: z.string(), role: roleSchema }),
  via: z.enum(['session', 'token']),
  permissions: z.array(z.string()),
});

export const apiTokenSchema = z.object({
  id: idSchema,
  userId: idSchema,
  name: z.string(),
  /** The secret's last characters, to tell tokens apart. */
  hint: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
});

/** A stored connection or secret as listed: its value is never shown again after it is saved. */
export const storedCredentialSchema = z.object({ name: z.string(), createdAt: timestamp, createdBy: z.string().nullable() });

/** A table or view of a stored connection, as the editor's table picker offers it: `schema.table` and its columns. */
export const warehouseTableSchema = z.object({
  name: z.string(),
  kind: z.enum(['table', 'view']),
  columns: z.array(z.object({ name: z.string(), type: z.enum(COLUMN_TYPES) })),
});
export const warehouseTablesSchema = z.object({ tables: z.array(warehouseTableSchema), truncated: z.boolean() });
export type WarehouseTableView = z.infer<typeof warehouseTableSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: timestamp,
  actor: z.object({ id: z.string(), email: z.string() }).nullable(),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export type User = z.infer<typeof userSchema>;
export type WhoAmI = z.infer<typeof whoAmISchema>;
export type ApiTokenView = z.infer<typeof apiTokenSchema>;
export type StoredCredentialView = z.infer<typeof storedCredentialSchema>;
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
