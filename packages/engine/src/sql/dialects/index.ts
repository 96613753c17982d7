export type { Dialect, KeyedRelation, OnePerKey } from './dialect.ts';
export { duckdbDialect } from './duckdb.ts';
export { postgresDialect } from './postgres.ts';
