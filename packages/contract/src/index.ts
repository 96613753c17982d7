/**
 * @segflow/contract, browser-safe: the HTTP API's table (every endpoint's role,
 * request and response schemas), the values it carries, the error envelope,
 * and the OpenAPI document built from them.
 */
export * from './access.ts';
export * from './endpoint.ts';
export * from './endpoints.ts';
export * from './openapi.ts';
export * from './diff-documents.ts';
export * from './values/common.ts';
export * from './values/account.ts';
export * from './values/workflow.ts';
export * from './values/version.ts';
export * from './values/run.ts';
export * from './values/preview.ts';
export * from './values/operations.ts';
export * from './values/activation.ts';
export * from './values/evaluate.ts';
export * from './values/insight.ts';
export * from './values/live.ts';
export * from './routes/accounts.routes.ts';
export * from './routes/workflows.routes.ts';
export * from './routes/runs.routes.ts';
export * from './routes/operations.routes.ts';
export * from './routes/activation.routes.ts';
export * from './routes/evaluate.routes.ts';
export * from './routes/insight.routes.ts';
export * from './routes/live.routes.ts';
