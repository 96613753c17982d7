/**
 * @segflow/engine, browser-safe core: the workflow model, node kinds, validation,
 * planning and run-state reduction. The DuckDB backend, the generator and the
 * CLI import Node modules and live behind `@segflow/engine/node`.
 */
export * from './model/column.ts';
export * from './model/document.ts';
export * from './model/problem.ts';
export * from './model/parse-workflow.ts';
export { plainNumber } from './messages/plain-number.ts';
export { nodeName, nodeNamer } from './messages/node-name.ts';
export * from './model/document-limits.ts';
export * from './graph/index.ts';
export * from './conditions/index.ts';
export * from './describe/index.ts';
export { analyzeFormula, parseFormula, type FormulaAnalysis } from './formula/index.ts';
export * from './nodes/define-node.ts';
export * from './nodes/registry.ts';
export * from './nodes/fields.ts';
export { DEFAULT_SPLIT_COLUMN } from './nodes/split.node.ts';
export type { SourceFacts, SourceColumn } from './nodes/source-facts.ts';
export { SEGMENT_NAME, isFileDestination, outsideExpectedSize, type OutputConfig } from './nodes/output.node.ts';
export * from './nodes/node-settings.ts';
export { isWarehouseRead, type SourceRead } from './nodes/ingestion.ts';
export { renameColumnReaders, type RenameStep, type RenameEdge } from './nodes/rename-column.ts';
export { md5Hex } from './split/md5.ts';
export * from './split/split-assignment.ts';
export * from './validate/index.ts';
export * from './plan/index.ts';
export * from './run/run-events.ts';
export * from './run/reduce-run-event.ts';
export * from './run/run-settings.ts';
export { executePlan, type RunBackend, type NodeStep, type StepOutcome, type ExecuteOptions } from './run/execute-plan.ts';
export * from './sql/sql.ts';
export { RecentValues } from './cache/recent-values.ts';
export {
  webhookDestination, postgresDestination, remoteDestination, checkWebhookUrl,
  type WebhookDestination, type PostgresDestination, type RemoteDestination, type AddressAllowList,
} from './destinations/destination-schema.ts';
export { checkPostgresConnection, parsePostgresUrl, isConnectionName, CONNECTION_NAME } from './destinations/postgres-url.ts';
export { literalCredentials, redactDestination, isSensitiveHeader, REDACTED, type CredentialResolver } from './destinations/credentials.ts';
export type { NodeCount, PreviewResult, MemberRows, RuleCounts } from './preview/preview-result.ts';
export type { ColumnValues } from './preview/column-values.ts';
export { MAX_OVERLAP_SETS, BREAKDOWN_TOP_VALUES, HISTOGRAM_BINS, type Breakdown, type HistogramBin, type Overlap } from './insight/insight-result.ts';
export * from './evaluate/index.ts';
export * from './templates/index.ts';
