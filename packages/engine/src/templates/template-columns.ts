import type { ColumnType } from '../model/column.ts';

/** A dataset as a template sees it: where it is and what columns it has. */
export interface TemplateDataset {
  /** The file's name in the data folder, as a source node's `path` writes it. */
  path: string;
  format: 'csv' | 'parquet' | 'json';
  columns: readonly { name: string; type: ColumnType }[];
}

/** The columns a template's steps read, found by name and type in the datasets picked. */
export interface FoundColumns {
  key: string;
  timestamp?: string;
  amount?: string;
  eventType?: string;
  signupDate?: string;
}

/** What each column a template may need is, in words, for "not available" reasons. */
export const COLUMN_WORDS: Record<keyof FoundColumns, string> = {
  key: 'a customer id column in both the profiles and the events (e.g. customer_id)',
  timestamp: 'a date or time column in the events (e.g. event_time, order_date)',
  amount: 'an amount column in the events (e.g. amount, revenue)',
  eventType: 'an event type column in the events (event_type) with values such as purchase and add_to_cart',
  signupDate: 'a signup date column in the profiles (e.g. signup_date, created_at)',
};

type Column = TemplateDataset['columns'][number];

const TEMPORAL: ColumnType[] = ['date', 'timestamp'];
const NUMERIC: ColumnType[] = ['integer', 'number'];

/** The first column named like one of `names` (in that order of preference) with one of `types`. */
function byName(columns: readonly Column[], names: readonly string[], types: readonly ColumnType[]): string | undefined {
  for (const name of names) {
    const found = columns.find((c) => c.name.toLowerCase() === name && types.includes(c.type));
    if (found) return found.name;
  }
  return undefined;
}

/** The column matching profiles to events: a shared id column, `customer_id` first. */
function keyOf(profiles: readonly Column[], events: readonly Column[]): string | undefined {
  const shared = profiles.filter((c) => events.some((e) => e.name === c.name));
  const preferred = ['customer_id', 'user_id', 'client_id', 'contact_id', 'id'];
  return byName(shared, preferred, ['string', 'integer']) ?? shared.find((c) => /(^|_)id$/i.test(c.name))?.name;
}

/** Finds, by the names such columns usually have, what templates need in a profiles and an events dataset. */
export function findColumns(profiles: TemplateDataset, events: TemplateDataset): Partial<FoundColumns> {
  const ev = events.columns;
  return {
    key: keyOf(profiles.columns, ev),
    timestamp: byName(ev, ['event_time', 'timestamp', 'occurred_at', 'created_at', 'order_date', 'event_date', 'date', 'time'], TEMPORAL) ?? ev.find((c) => TEMPORAL.includes(c.type))?.name,
    amount: byName(ev, ['amount', 'revenue', 'total', 'value', 'price'], NUMERIC),
    eventType: byName(ev, ['event_type', 'type', 'event', 'event_name', 'action'], ['string']),
    signupDate: byName(profiles.columns, ['signup_date', 'signed_up_at', 'created_at', 'registered_at', 'first_seen', 'joined_at'], TEMPORAL),
  };
}
