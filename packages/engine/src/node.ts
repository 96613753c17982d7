/** @segflow/engine/node: the parts that need Node.js (DuckDB, files). */
export * from './index.ts';
export * from './duckdb/database.ts';
export * from './duckdb/read-source.ts';
export { literalPath } from './duckdb/literal-path.ts';
export { removePartialFiles } from './duckdb/write-output.ts';
export * from './duckdb/run-workflow.ts';
export { applySuppression, type SuppressionList } from './duckdb/suppression.ts';
export { DuckDbBackend } from './duckdb/duckdb-backend.ts';
export { generateDataset, type GenerateOptions, type GeneratedDataset } from './generate/index.ts';
export { previewInWarehouse, readsWarehouse } from './warehouse/preview-in-warehouse.ts';
export { rowsInWarehouse, valuesInWarehouse } from './warehouse/warehouse-rows.ts';
export { listWarehouseTables, MAX_LISTED_TABLES, type WarehouseTable } from './warehouse/list-tables.ts';
export { createPreviewer, ESTIMATE_SAMPLE, type Previewer, type PreviewResult, type PreviewOptions, type NodeCount, type MemberRows, type RuleCounts, type ColumnValues, type NodeRelation, type NodesWork } from './preview/previewer.ts';
export { breakdown, overlap } from './insight/index.ts';
export { DEMO_AS_OF, demoWorkflows, type DemoPaths } from './demo/demo-workflows.ts';
export * from './duckdb/durable-run.ts';
export * from './destinations/index.ts';
export { main as segflowCli, runCli } from './cli/main.ts';
