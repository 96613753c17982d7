export type { Dialect, KeepFirst, KeyedRelation } from './dialect.ts';
export { duckdbDialect } from './duckdb.ts';
export { postgresDialect } from './postgres.ts';
