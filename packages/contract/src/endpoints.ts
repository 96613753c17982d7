import type { z } from 'zod';
import type { Endpoint } from './endpoint.ts';
import { ACCOUNT_ENDPOINTS } from './routes/accounts.routes.ts';
import { ACTIVATION_ENDPOINTS } from './routes/activation.routes.ts';
import { EVALUATE_ENDPOINTS } from './routes/evaluate.routes.ts';
import { INSIGHT_ENDPOINTS } from './routes/insight.routes.ts';
import { LIVE_ENDPOINTS } from './routes/live.routes.ts';
import { OPERATION_ENDPOINTS } from './routes/operations.routes.ts';
import { RUN_ENDPOINTS } from './routes/runs.routes.ts';
import { WORKFLOW_ENDPOINTS } from './routes/workflows.routes.ts';

/**
 * THE API TABLE: every endpoint the server registers, keyed `METHOD /api/path`
 * (express syntax), with its least role, request schemas and response schemas.
 * The server's policy, its request parsing and /api/openapi.json are read from
 * it; a route the server registers without a row here fails the server's tests.
 */
export const ENDPOINTS = { ...ACCOUNT_ENDPOINTS, ...WORKFLOW_ENDPOINTS, ...RUN_ENDPOINTS, ...OPERATION_ENDPOINTS, ...ACTIVATION_ENDPOINTS, ...EVALUATE_ENDPOINTS, ...INSIGHT_ENDPOINTS, ...LIVE_ENDPOINTS } satisfies Record<string, Endpoint>;

export type RouteKey = keyof typeof ENDPOINTS;
type Table = typeof ENDPOINTS;

/** The JSON body a client sends to an endpoint. */
export type BodyOf<K extends RouteKey> = Table[K] extends { body: infer B extends z.ZodType } ? z.input<B> : never;
/** The JSON a successful call answers with, for a status. */
export type ResponseOf<K extends RouteKey, S extends keyof Table[K]['responses'] = keyof Table[K]['responses']> =
  Table[K]['responses'][S] extends infer R extends z.ZodType ? z.output<R> : never;
