import { z } from 'zod';
import { CONNECTION_NAME } from '@segflow/engine';
import { endpoints, NO_CONTENT } from '../endpoint.ts';
import { apiTokenSchema, auditEntrySchema, emailSchema, passwordSchema, roleSchema, storedCredentialSchema, userSchema, warehouseTablesSchema, whoAmISchema } from '../values/account.ts';
import { idParams } from '../values/common.ts';

// Sign-in checks the password it is given, not the rules for new ones: a rule tightened later must not lock anyone out.
export const loginBody = z.object({ email: z.string().trim().max(254), password: z.string().max(1024) });
export const setupBody = z.object({ token: z.string().max(200), email: emailSchema, password: passwordSchema });
export const passwordBody = z.object({ currentPassword: z.string().max(1024), newPassword: passwordSchema });
export const newUserBody = z.object({ email: emailSchema, password: passwordSchema, role: roleSchema });
export const changeUserBody = z
  .object({ email: emailSchema.optional(), password: passwordSchema.optional(), role: roleSchema.optional() })
  .refine((b) => b.email !== undefined || b.password !== undefined || b.role !== undefined, 'give at least one of email, password, role');
export const newTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  /** Default: no expiry. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const credentialName = z.string().regex(CONNECTION_NAME, 'a name is a letter, then up to 63 letters, digits, _ or -');
export const credentialParams = z.object({ name: credentialName });
export const connectionBody = z.object({ name: credentialName, url: z.string().min(1).max(2048) });
export const secretBody = z.object({
  name: credentialName,
  value: z.string().min(1).max(4096).refine((v) => !/[\r\n\0]/.test(v), 'a secret is sent as a header value: no line breaks'),
});
export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

/** The data folder: `full` and `read-only` make the server unhealthy (503); `low` is a warning. */
export const storageHealthSchema = z.object({
  state: z.enum(['ok', 'low', 'full', 'read-only']),
  writable: z.boolean(),
  freeBytes: z.number().nullable(),
  totalBytes: z.number().nullable(),
  /** A plain sentence when the state is not ok. */
  message: z.string().optional(),
});

export const healthSchema = z.object({
  /** False (with a 503) when the data folder takes no writes or its disk is full. */
  ok: z.boolean(),
  demo: z.enum(['off', 'generating', 'ready', 'failed']),
  demoError: z.string().optional(),
  runs: z.object({ running: z.number().int(), queued: z.number().int() }),
  storage: storageHealthSchema,
  /** The DuckDB memory budget all work shares, and the previews holding or waiting for a turn. */
  memory: z.object({
    limitBytes: z.number().int(),
    threads: z.number().int(),
    previews: z.object({ open: z.number().int(), running: z.number().int(), waiting: z.number().int() }),
  }),
});

const tag = 'Accounts';

export const ACCOUNT_ENDPOINTS = endpoints({
  'GET /api/health': { tag: 'Server', role: 'public', summary: 'Whether the server can work (503 when its data folder is unusable), how the demo data stands, how many runs are active, storage and memory.', responses: { 200: healthSchema, 503: healthSchema } },
  'GET /api/openapi.json': { tag: 'Server', role: 'public', summary: 'This document: the whole API as OpenAPI 3.1.', responses: { 200: z.record(z.string(), z.unknown()) } },
  'POST /api/auth/login': { tag, role: 'public', summary: 'Signs in with email and password; sets the session cookie.', body: loginBody, responses: { 200: whoAmISchema } },
  'GET /api/auth/setup': { tag, role: 'public', summary: 'Whether the first admin account still has to be made.', responses: { 200: z.object({ needed: z.boolean() }) } },
  'POST /api/auth/setup': { tag, role: 'public', summary: 'Makes the first admin with the one-time setup token and signs them in.', body: setupBody, responses: { 201: whoAmISchema } },
  'GET /api/auth/me': { tag, role: 'viewer', summary: 'Who is signed in, and what they may do.', responses: { 200: whoAmISchema } },
  'POST /api/auth/logout': { tag, role: 'viewer', summary: 'Ends this session.', responses: { 204: NO_CONTENT } },
  'PUT /api/auth/password': { tag, role: 'viewer', summary: 'Changes your password and ends your other sessions.', body: passwordBody, responses: { 204: NO_CONTENT } },

  // An evaluator account makes the token its site calls evaluate with.
  'GET /api/tokens': { tag, role: 'evaluator', summary: 'Your API tokens (never their secrets).', responses: { 200: z.object({ tokens: z.array(apiTokenSchema) }) } },
  'POST /api/tokens': { tag, role: 'evaluator', summary: 'Makes an API token; its secret is in this answer and nowhere else.', body: newTokenBody, responses: { 201: z.object({ token: apiTokenSchema, secret: z.string() }) } },
  'DELETE /api/tokens/:id': { tag, role: 'evaluator', summary: 'Revokes a token (your own; an admin may revoke anyone’s).', params: idParams, responses: { 204: NO_CONTENT } },

  'GET /api/users': { tag, role: 'admin', summary: 'Every account.', responses: { 200: z.object({ users: z.array(userSchema) }) } },
  'POST /api/users': { tag, role: 'admin', summary: 'Makes an account.', body: newUserBody, responses: { 201: userSchema } },
  'PATCH /api/users/:id': { tag, role: 'admin', summary: 'Changes an account’s email, password or role.', params: idParams, body: changeUserBody, responses: { 200: userSchema } },
  'DELETE /api/users/:id': { tag, role: 'admin', summary: 'Deletes an account (never the last admin).', params: idParams, responses: { 204: NO_CONTENT } },
  'GET /api/audit': { tag, role: 'admin', summary: 'The audit log, newest first, a page at a time.', query: auditQuery, responses: { 200: z.object({ entries: z.array(auditEntrySchema), next: z.number().int().nullable() }) } },

  'GET /api/connections': { tag: 'Credentials', role: 'editor', summary: 'Stored database connections, by name.', responses: { 200: z.object({ connections: z.array(storedCredentialSchema) }) } },
  'POST /api/connections': { tag: 'Credentials', role: 'admin', summary: 'Stores a PostgreSQL connection URL under a name.', body: connectionBody, responses: { 201: storedCredentialSchema } },
  'GET /api/connections/:name/tables': { tag: 'Credentials', role: 'editor', summary: 'The tables and views a source can read through a stored connection, with their columns, from its catalog (never its URL).', params: credentialParams, responses: { 200: warehouseTablesSchema } },
  'DELETE /api/connections/:name': { tag: 'Credentials', role: 'admin', summary: 'Deletes a stored connection.', params: credentialParams, responses: { 204: NO_CONTENT } },
  'GET /api/secrets': { tag: 'Credentials', role: 'editor', summary: 'Stored secrets (header values), by name.', responses: { 200: z.object({ secrets: z.array(storedCredentialSchema) }) } },
  'POST /api/secrets': { tag: 'Credentials', role: 'admin', summary: 'Stores a secret under a name.', body: secretBody, responses: { 201: storedCredentialSchema } },
  'DELETE /api/secrets/:name': { tag: 'Credentials', role: 'admin', summary: 'Deletes a stored secret.', params: credentialParams, responses: { 204: NO_CONTENT } },
});
