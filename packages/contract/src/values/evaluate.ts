import { z } from 'zod';

/** In (true), out (false), or cannot be known from the data given (null). */
export const membershipValue = z.boolean().nullable();

/** Every segment (by name) and every population node (by id), in, out or unknown. */
export const membershipSchema = z.object({
  segments: z.record(z.string(), membershipValue),
  nodes: z.record(z.string(), membershipValue),
});

export const evaluationSchema = z.union([
  membershipSchema.extend({ version: z.number().int() }),
  z.object({ version: z.number().int(), items: z.array(membershipSchema) }),
]);

export const nodeExplanationSchema = z.object({
  label: z.string(),
  kind: z.string(),
  in: membershipValue,
  /** Why it cannot be known, when `in` is null. */
  reason: z.string().optional(),
  /** Each rule of a filter: the customer's value, whether it passed, and a sentence. */
  rules: z.array(z.object({ text: z.string(), value: z.unknown(), passed: z.boolean() })),
});

export const explanationSchema = z.object({
  version: z.number().int(),
  segments: z.record(z.string(), membershipValue),
  nodes: z.record(z.string(), nodeExplanationSchema),
});

export type Evaluation = z.infer<typeof evaluationSchema>;
export type ExplanationView = z.infer<typeof explanationSchema>;
