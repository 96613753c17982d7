/** Deterministic synthetic demo and benchmark data (Node only: it runs DuckDB). */
export { generateDataset, type GeneratedDataset } from './generate-dataset.ts';
export type { DatasetFormat, GenerateOptions, GenerateProgress } from './options.ts';
