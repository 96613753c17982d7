import { parseWorkflow, type WorkflowInput } from '@segflow/engine';

export type ImportResult = { ok: true; document: WorkflowInput } | { ok: false; message: string };

/**
 * Reads a workflow file: a bare document, or one wrapped as the server exports it
 * (`{document}` or `{workflow: {document}}`). Only the document's shape is checked
 * here; its problems show on the canvas once loaded.
 */
export function readDocumentText(text: string): ImportResult {
  const read = readJson(text);
  if (!read.ok) return { ok: false, message: `${read.message}. Your draft is unchanged.` };
  const json = read.json;
  const o = json as { document?: unknown; workflow?: { document?: unknown } };
  const candidate = o?.document ?? o?.workflow?.document ?? json;
  const parsed = parseWorkflow(candidate);
  if (!parsed.ok) {
    const first = parsed.problems[0]?.message;
    return { ok: false, message: `the file is not a Segflow workflow${first ? ` (${first.replace(/\.$/, '')})` : ''}. Your draft is unchanged.` };
  }
  return { ok: true, document: candidate as WorkflowInput };
}

/**
 * A file's JSON, or where it stops being JSON in words ("line 3, column 7"),
 * from the offset the browser's parser gives; its own wording never reaches the person.
 */
export function readJson(text: string): { ok: true; json: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (e) {
    const offset = Number(/position (\d+)/.exec(String((e as Error)?.message))?.[1]);
    if (!text.trim()) return { ok: false, message: 'the file is empty' };
    if (!Number.isFinite(offset)) return { ok: false, message: 'the file is not a workflow exported from Segflow (it is not JSON)' };
    const before = text.slice(0, offset).split('\n');
    return { ok: false, message: `the file is not a workflow exported from Segflow: it stops being JSON at line ${before.length}, column ${before.at(-1)!.length + 1}` };
  }
}

export const readDocumentFile = async (file: File) => readDocumentText(await file.text());
