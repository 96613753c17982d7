import { sql, type Sql } from '../sql/sql.ts';
import { BROWSING_EVENT_TYPES, CATEGORIES } from './catalog.ts';
import { customerKeysSql, signupDateSql, timeBeforeEndSql } from './customer-keys-sql.ts';
import { pickSql } from './random-sql.ts';

/**
 * Spread of the log-normal per-customer factors. Activity sets how many events
 * a customer has, buying how many of them are purchases; together they give a
 * few heavy buyers and a long tail of one-time buyers.
 */
const ACTIVITY_SIGMA = 1.1;
const BUYING_SIGMA = 1.2;
/** Average share of events that are purchases, and the cap for the keenest buyer. */
const PURCHASE_SHARE = 0.05;
const MAX_PURCHASE_SHARE = 0.6;
/** Amounts spread log-normally around each category's median price. */
const AMOUNT_SIGMA = 0.6;

/**
 * Activity weights become integers (millionths) before they are summed: an
 * integer sum is exact in any order, where a parallel DOUBLE sum could differ
 * in its last bit between runs and flip a rounding.
 */
const WEIGHT_SCALE = 1_000_000;

/**
 * The SELECT for events.parquet / .csv, only for customers 1..customers, so
 * every event's customer exists. Each customer's event count is its activity
 * weight scaled so the counts add up to customers × eventsPerCustomer, then
 * rounded up or down at random so the average survives the rounding.
 *
 * Ordered by (customer, time, j): `j` breaks ties between two events of one
 * customer in the same second, so the order is total and the bytes repeat.
 */
export function eventsQuery(customers: number, eventsPerCustomer: number, seed: number): Sql {
  const browsingType = pickSql(
    sql`(type_draw - purchase_share) / (1 - purchase_share)`,
    BROWSING_EVENT_TYPES,
  );
  const categoryOf = (field: 'name' | 'medianPrice') =>
    pickSql(sql`category_draw`, CATEGORIES.map((c) => ({ value: c.value[field], weight: c.weight })));
  const meanOfLogNormal = Math.exp((BUYING_SIGMA * BUYING_SIGMA) / 2);

  return sql`
WITH keyed AS (${customerKeysSql(customers, seed)}),
weighted AS (
  SELECT i, ck, round(${WEIGHT_SCALE} * exp(${ACTIVITY_SIGMA} * z(ck, 'activity')))::BIGINT AS weight
  FROM keyed
),
counts AS (
  SELECT i, ck,
    floor(${eventsPerCustomer}::DOUBLE * ${customers} * weight / (sum(weight) OVER ())::DOUBLE
      + u(ck, 'event_count_rounding'))::BIGINT AS event_count,
    ${signupDateSql(sql`ck`)} AS signup_date,
    least(${MAX_PURCHASE_SHARE}, ${PURCHASE_SHARE / meanOfLogNormal} * exp(${BUYING_SIGMA} * z(ck, 'buying'))) AS purchase_share
  FROM weighted
),
expanded AS (
  SELECT c.i, c.signup_date, c.purchase_share, r.j, mix(c.ck, r.j) AS ek
  FROM counts AS c, range(c.event_count) AS r(j)
),
drawn AS (
  SELECT i, j, signup_date, purchase_share,
    u(ek, 'event_type') AS type_draw,
    u(ek, 'event_type') < purchase_share AS is_purchase,
    u(ek, 'category') AS category_draw,
    ${timeBeforeEndSql(sql`signup_date`, sql`u(ek, 'event_time')`)} AS event_time,
    z(ek, 'amount') AS amount_z
  FROM expanded
)
SELECT
  i + 1 AS customer_id,
  event_time,
  CASE WHEN is_purchase THEN 'purchase' ELSE ${browsingType} END AS event_type,
  CASE WHEN is_purchase THEN (${categoryOf('medianPrice')} * exp(${AMOUNT_SIGMA} * amount_z))::DECIMAL(10, 2) END AS amount,
  CASE WHEN is_purchase THEN ${categoryOf('name')} END AS category
FROM drawn
ORDER BY i, event_time, j`;
}
