import { nodeName } from '../features/canvas/node-name.ts';
import type { EditorEdge, EditorNode } from './editor-types.ts';

/** A delete that needs a yes first: the steps others depend on, and the sentence that says so. */
export interface DeleteWarning {
  /** The selected steps other steps use. */
  used: string[];
  /** The steps left without an input when the selection goes. */
  dependants: string[];
  message: string;
}

const quoted = (names: string[]) => {
  const q = names.map((n) => `'${n}'`);
  return q.length < 2 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q.at(-1)}`;
};

/**
 * What deleting the selected steps would break: the steps outside the selection
 * fed by one inside it. Null when nothing depends on the selection, so deleting
 * a leaf or an unconnected step stays one key press.
 */
export function deleteWarning(nodes: readonly EditorNode[], edges: readonly EditorEdge[]): DeleteWarning | null {
  const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
  const used = new Set<string>();
  const dependants = new Set<string>();
  for (const e of edges) {
    if (gone.has(e.source) && !gone.has(e.target)) {
      used.add(e.source);
      dependants.add(e.target);
    }
  }
  if (!used.size) return null;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const name = (id: string) => nodeName(byId.get(id), id);
  const usedIds = [...used];
  const dependantIds = [...dependants];
  const subject = quoted(usedIds.map(name));
  const verb = usedIds.length === 1 ? 'is' : 'are';
  const object = usedIds.length === 1 ? 'it' : 'them';
  return {
    used: usedIds,
    dependants: dependantIds,
    message: `${subject} ${verb} used by ${quoted(dependantIds.map(name))}. Delete ${object}?`,
  };
}
