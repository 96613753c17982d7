import { raw, sql, type Sql } from '../sql/sql.ts';

/** Everything happens before this instant: signups, updates, events. */
export const DATA_END = raw(`DATE '2026-01-01'`);

/** Signups span the five years before DATA_END (2021-01-01 … 2025-12-31). */
const SIGNUP_START = raw(`DATE '2021-01-01'`);
const SIGNUP_DAYS = 1826;

/**
 * One row per customer: its position `i` (the id is `i + 1`) and `ck`, the key
 * every draw about that customer hashes. The customers file and the events file
 * both start here, so an event can recompute its customer's signup date
 * instead of joining the customers it belongs to.
 */
export function customerKeysSql(customers: number, seed: number): Sql {
  return sql`SELECT i, mix(hash(${seed}::BIGINT), i) AS ck FROM range(${customers}::BIGINT) AS t(i)`;
}

/**
 * The square root skews signups towards recent years, as for a shop that grows.
 */
export function signupDateSql(customerKey: Sql): Sql {
  return sql`(${SIGNUP_START} + floor(${SIGNUP_DAYS} * sqrt(u(${customerKey}, 'signup_date')))::INTEGER)`;
}

/**
 * A TIMESTAMP `fraction` ([0, 1)) of the way from the start of `day` to DATA_END,
 * in whole seconds so that CSV and Parquet show the same value.
 */
export function timeBeforeEndSql(day: Sql, fraction: Sql): Sql {
  return sql`(${day}::TIMESTAMP + to_seconds(floor(${fraction} * (${DATA_END} - ${day}) * 86400)::BIGINT))`;
}
