import { parseWorkflow, type WorkflowInput } from '@segflow/engine';

export type ImportResult = { ok: true; document: WorkflowInput } | { ok: false; message: string };

/**
 * Reads a workflow file: a bare document, or one wrapped as the server exports it
 * (`{document}` or `{workflow: {document}}`). Only the document's shape is checked
 * here; its problems show on the canvas once loaded.
 */
export function readDocumentText(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'the file is not JSON.' };
  }
  const o = json as { document?: unknown; workflow?: { document?: unknown } };
  const candidate = o?.document ?? o?.workflow?.document ?? json;
  const parsed = parseWorkflow(candidate);
  if (!parsed.ok) return { ok: false, message: parsed.problems[0]?.message ?? 'the file is not a Segflow workflow.' };
  return { ok: true, document: candidate as WorkflowInput };
}

export const readDocumentFile = async (file: File) => readDocumentText(await file.text());
