import type { ErrorCode } from '@segflow/contract';

/** One preview request, as a queue job: plain data, computed by whichever worker takes it. */
export type PreviewJob =
  | { op: 'preview'; workflowId: string; document: unknown; options: { asOf?: string; estimate?: boolean } }
  | { op: 'rows'; workflowId: string; document: unknown; nodeId: string; options: { asOf?: string; limit?: number } }
  | { op: 'nodeRows'; workflowId: string; document: unknown; nodeId: string; options: { key?: string | number; limit: number; cap?: number } }
  | { op: 'values'; workflowId: string; document: unknown; nodeId: string; column: string; options: { asOf?: string } }
  | { op: 'ruleCounts'; workflowId: string; document: unknown; nodeId: string; options: { asOf?: string } }
  | { op: 'breakdown'; workflowId: string; document: unknown; nodeId: string; column: string; options: { asOf?: string } }
  | { op: 'overlap'; workflowId: string; document: unknown; nodeIds: string[]; options: { asOf?: string } };

/** What a worker answers: the result, or the error the server would have answered with (busy, superseded). */
export type PreviewAnswer = { ok: unknown } | { error: { status: number; code: ErrorCode; message: string } };
