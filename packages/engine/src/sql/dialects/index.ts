export type { Dialect, KeepFirst } from './dialect.ts';
export { duckdbDialect } from './duckdb.ts';
export { postgresDialect } from './postgres.ts';
