import type { ColumnType } from '../model/column.ts';

/** At most this many sets are compared at once: 5 sets make 31 regions. */
export const MAX_OVERLAP_SETS = 5;
export const BREAKDOWN_TOP_VALUES = 12;
export const HISTOGRAM_BINS = 20;

/** One bar of a histogram: values from `from` up to (not including) `to`; dates as YYYY-MM-DD. */
export interface HistogramBin {
  from: number | string;
  to: number | string;
  count: number;
}

/**
 * What a node's members look like in one column: the most frequent values
 * for text and yes/no columns, a histogram for numbers and dates.
 */
export type Breakdown =
  | { column: string; type: ColumnType; rows: number; empty: number; kind: 'values'; values: { value: string | boolean; count: number }[]; others: number }
  | { column: string; type: ColumnType; rows: number; empty: number; kind: 'histogram'; bins: HistogramBin[] };

/** Customers in each region of 2–5 sets: `sets` lists, by index, the sets a region's customers are in (and no other). */
export interface Overlap {
  /** Customers in each set, in the order asked. */
  sizes: number[];
  /** Every region, the empty ones too, by the number of sets then by index. */
  regions: { sets: number[]; count: number }[];
  /** Customers in at least one set. */
  total: number;
}
