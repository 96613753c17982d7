import { z } from 'zod';
import { COLUMN_TYPES } from '@segflow/engine';

/** One bar of a histogram: values from `from` up to (not including) `to`; dates as YYYY-MM-DD. */
const histogramBinSchema = z.object({ from: z.union([z.number(), z.string()]), to: z.union([z.number(), z.string()]), count: z.number().int() });

const breakdownBase = {
  column: z.string(),
  type: z.enum(COLUMN_TYPES),
  /** Rows at the node, and how many of them have no value in the column. */
  rows: z.number().int(),
  empty: z.number().int(),
};

/** A node's members by one column: the most frequent values (text, yes/no), or a histogram (numbers, dates). */
export const breakdownSchema = z.discriminatedUnion('kind', [
  z.object({
    ...breakdownBase,
    kind: z.literal('values'),
    /** Most frequent first, at most 12. */
    values: z.array(z.object({ value: z.union([z.string(), z.boolean()]), count: z.number().int() })),
    /** Members with a value not among those listed. */
    others: z.number().int(),
  }),
  z.object({ ...breakdownBase, kind: z.literal('histogram'), bins: z.array(histogramBinSchema) }),
]);

/** Customers in every region of 2–5 nodes; `sets` holds indexes into `nodes`. */
export const overlapSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), label: z.string(), size: z.number().int() })),
  regions: z.array(z.object({ sets: z.array(z.number().int()), count: z.number().int() })),
  /** Customers in at least one of the nodes. */
  total: z.number().int(),
});

export type BreakdownView = z.infer<typeof breakdownSchema>;
export type OverlapView = z.infer<typeof overlapSchema>;
