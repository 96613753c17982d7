import { sql, type Sql } from '../sql/sql.ts';
import { COUNTRIES, EMAIL_DOMAINS, PLANS } from './catalog.ts';
import { customerKeysSql, DATA_END, signupDateSql, timeBeforeEndSql } from './customer-keys-sql.ts';
import { pickSql, switchSql } from './random-sql.ts';

/**
 * Share of customers with a second, later row under the same id, and share
 * with an extra copy that lost its id. Small on purpose: enough that a
 * workflow must dedupe and drop empty keys, not so much that it looks broken.
 */
export const DUPLICATE_RATE = 0.001;
export const MISSING_KEY_RATE = 0.001;

/** Shares of NULL in the optional columns. */
const NULL_RATE = { email: 0.005, city: 0.01, birthYear: 0.02, smsOptIn: 0.01, creditScore: 0.05 };

/**
 * The SELECT for customers.parquet / .csv. Each customer has a `version`:
 * 1 is the customer itself, 2 a later update (a duplicate key), 3 a copy
 * without a key. Traits that do not change between versions (where they live,
 * when they signed up) hash the customer key `ck`; traits that can change
 * (plan, consents, credit score) hash the version key `vk`.
 *
 * Ordered by (i, version), a total order, so the row order is the same on
 * every run.
 */
export function customersQuery(customers: number, seed: number): Sql {
  const country = pickSql(sql`country_draw`, COUNTRIES.map((c) => ({ value: c.code, weight: c.weight })));
  const placeField = (field: 'city' | 'region') =>
    switchSql(
      sql`country`,
      COUNTRIES.map((c) => [
        c.code,
        pickSql(sql`city_draw`, c.places.map((p) => ({ value: p.value[field], weight: p.weight }))),
      ]),
    );
  // Leaves at least a fifth of the time to DATA_END for a version 2 to come later.
  const firstUpdate = timeBeforeEndSql(sql`signup_date`, sql`0.8 * u(ck, 'updated_at')`);

  return sql`
WITH keyed AS (${customerKeysSql(customers, seed)}),
versions AS (
  SELECT i, ck, 1 AS version FROM keyed
  UNION ALL SELECT i, ck, 2 FROM keyed WHERE u(ck, 'duplicate') < ${DUPLICATE_RATE}
  UNION ALL SELECT i, ck, 3 FROM keyed WHERE u(ck, 'missing_key') < ${MISSING_KEY_RATE}
),
drawn AS (
  SELECT i, version, ck, mix(ck, version) AS vk,
    ${signupDateSql(sql`ck`)} AS signup_date,
    u(ck, 'country') AS country_draw,
    u(ck, 'city') AS city_draw
  FROM versions
),
located AS (
  SELECT *, ${country} AS country,
    ${firstUpdate} AS first_update
  FROM drawn
)
SELECT
  CASE WHEN version = 3 THEN NULL ELSE i + 1 END::BIGINT AS customer_id,
  CASE WHEN u(ck, 'no_email') < ${NULL_RATE.email} THEN NULL
    ELSE 'user' || (i + 1) || '@' || ${pickSql(sql`u(ck, 'email_domain')`, EMAIL_DOMAINS)} END AS email,
  country,
  ${placeField('region')} AS region,
  CASE WHEN u(ck, 'no_city') < ${NULL_RATE.city} THEN NULL ELSE ${placeField('city')} END AS city,
  ${pickSql(sql`u(vk, 'plan')`, PLANS)} AS plan,
  signup_date,
  CASE WHEN u(ck, 'no_birth_year') < ${NULL_RATE.birthYear} THEN NULL
    ELSE least(2007, greatest(1940, round(1984 + 12 * z(ck, 'birth_year'))))::INTEGER END AS birth_year,
  u(vk, 'email_opt_in') < 0.62 AS email_opt_in,
  CASE WHEN u(ck, 'no_sms_opt_in') < ${NULL_RATE.smsOptIn} THEN NULL ELSE u(vk, 'sms_opt_in') < 0.28 END AS sms_opt_in,
  CASE WHEN u(vk, 'no_credit_score') < ${NULL_RATE.creditScore} THEN NULL
    ELSE least(850, greatest(300, round(690 + 75 * z(vk, 'credit_score'))))::INTEGER END AS credit_score,
  CASE WHEN version = 2
    -- strictly later than version 1: at least 5% of the time left before DATA_END (about 14 minutes at worst)
    THEN first_update + to_seconds(floor((0.05 + 0.9 * u(vk, 'update_gap'))
      * (epoch(${DATA_END}::TIMESTAMP) - epoch(first_update)))::BIGINT)
    ELSE first_update END AS updated_at
FROM located
ORDER BY i, version`;
}
