/** Every problem code, with what it means. One table, read by the UI for help text. */
export const PROBLEM_CODES = {
  invalid_document: 'The document does not match the workflow schema.',
  duplicate_id: 'Two nodes (or edges) share an id.',
  unknown_kind: 'The node kind is not one Segflow knows.',
  unknown_node: 'An edge points at a node that does not exist.',
  duplicate_edge: 'Two edges join the same output to the same input port.',
  cycle: 'The steps form a cycle.',
  missing_input: 'An input port has fewer edges than it needs.',
  too_many_inputs: 'An input port has more edges than it takes.',
  wrong_input: 'An edge brings the wrong kind of data to a port.',
  unknown_field: 'A column is read where no node upstream makes it.',
  type_mismatch: 'A value or column has the wrong type.',
  field_conflict: 'Two different columns with one name meet.',
  duplicate_segment: 'Two outputs name the same segment.',
  duplicate_output_path: 'Two outputs write the same file.',
  invalid_config: 'The node settings are not valid.',
  unreadable_source: 'The source file cannot be read.',
  disconnected: 'The node does not lead to any output.',
  no_output: 'The workflow has no output node.',
  missing_key: 'Rows with an empty key were dropped.',
  duplicate_key: 'Rows with a repeated key were resolved by dedupe.',
  invalid_value: 'Values that could not be read as the declared type became empty.',
  segment_size: 'The segment size is outside the expected range.',
  node_failed: 'The node failed while computing.',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  code: ProblemCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  field?: string;
  /** Character offset in a formula. */
  position?: number;
}

export const error = (code: ProblemCode, message: string, at: Omit<Problem, 'severity' | 'code' | 'message'> = {}): Problem => ({
  severity: 'error',
  code,
  message,
  ...at,
});

export const warning = (code: ProblemCode, message: string, at: Omit<Problem, 'severity' | 'code' | 'message'> = {}): Problem => ({
  severity: 'warning',
  code,
  message,
  ...at,
});

export const hasErrors = (problems: readonly Problem[]) => problems.some((p) => p.severity === 'error');
