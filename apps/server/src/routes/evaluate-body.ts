import { dateSchema, evaluateBody, MAX_EVALUATE_ITEMS } from '@segflow/contract';
import type { z } from 'zod';
import { parseWith } from '../http/parse.ts';

export type EvaluateBody = z.output<typeof evaluateBody>;

const MAX_EVENTS = 10_000;
const ITEM_KEYS = new Set(['profile', 'events']);
const SINGLE_KEYS = new Set(['profile', 'events', 'asOf', 'version']);
const BATCH_KEYS = new Set(['items', 'asOf', 'version']);

/** A plain JSON object, as zod's record takes it and hands it back unchanged (a `__proto__` key it would not). */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && Object.getPrototypeOf(value) === Object.prototype && !Object.hasOwn(value, '__proto__');
}

function onlyKeys(value: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

function isCustomer(value: unknown, allowed: Set<string>): boolean {
  if (!isPlainRecord(value) || !onlyKeys(value, allowed) || !isPlainRecord(value.profile)) return false;
  if (!('events' in value)) return true;
  const events = value.events;
  if (!Array.isArray(events) || events.length > MAX_EVENTS) return false;
  for (const event of events) if (!isPlainRecord(event)) return false;
  return true;
}

/**
 * The body as the contract's schema reads it, when it plainly fits: checked
 * by hand, because zod copies every profile and event on the way. Only
 * bodies zod would accept unchanged pass here (no keys it would strip);
 * anything else is zod's to answer, so every refusal stays the contract's own.
 */
export function plainEvaluateBody(body: unknown): EvaluateBody | undefined {
  if (!isPlainRecord(body)) return undefined;
  // The date alone goes through the contract's own schema: one small check, the very same rule.
  if ('asOf' in body && !dateSchema.safeParse(body.asOf).success) return undefined;
  if ('version' in body && !(Number.isSafeInteger(body.version) && (body.version as number) >= 1)) return undefined;
  if ('items' in body) {
    const items = body.items;
    if (!onlyKeys(body, BATCH_KEYS) || !Array.isArray(items) || items.length < 1 || items.length > MAX_EVALUATE_ITEMS) return undefined;
    for (const item of items) if (!isCustomer(item, ITEM_KEYS)) return undefined;
    return body as EvaluateBody;
  }
  return isCustomer(body, SINGLE_KEYS) ? (body as EvaluateBody) : undefined;
}

/** An evaluate request's body: the hand check when it fits, else the contract's schema (and its 400). */
export const readEvaluateBody = (body: unknown): EvaluateBody => plainEvaluateBody(body) ?? parseWith(evaluateBody, body, 'body');
