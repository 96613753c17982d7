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
  } catch (e) {
    return { ok: false, message: notJson(text, e) };
  }
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
 * Where the text stops being JSON, in words ("line 3, column 7"), from the
 * offset the browser's parser gives; its own wording never reaches the person.
 */
function notJson(text: string, e: unknown): string {
  const offset = Number(/position (\d+)/.exec(String((e as Error)?.message))?.[1]);
  if (!text.trim()) return 'the file is empty. Your draft is unchanged.';
  if (!Number.isFinite(offset)) return 'the file is not a workflow exported from Segflow (it is not JSON). Your draft is unchanged.';
  const before = text.slice(0, offset).split('\n');
  return `the file is not a workflow exported from Segflow: it stops being JSON at line ${before.length}, column ${before.at(-1)!.length + 1}. Your draft is unchanged.`;
}

export const readDocumentFile = async (file: File) => readDocumentText(await file.text());
