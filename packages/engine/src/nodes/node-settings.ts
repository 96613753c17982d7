import type { Workflow, WorkflowNode } from '../model/document.ts';
import type { NodeDefinition } from './define-node.ts';
import { isWarehouseRead, type ReadConfig, type SourceRead } from './ingestion.ts';
import { outputNode, type OutputConfig } from './output.node.ts';
import { getNodeDefinition } from './registry.ts';

/** A node with its settings as its kind reads them. */
export interface NodeSettings<C> {
  node: WorkflowNode;
  config: C;
}

/**
 * The nodes of one kind with their settings parsed by the kind's own schema:
 * what the server reads from a stored document instead of guessing at its JSON.
 * A node whose settings do not parse is left out; validation reports it.
 */
export function settingsOf<C>(workflow: Workflow, definition: NodeDefinition<C>): NodeSettings<C>[] {
  return workflow.nodes.flatMap((node) => {
    if (node.kind !== definition.kind) return [];
    const parsed = definition.config.safeParse(node.config);
    return parsed.success ? [{ node, config: parsed.data }] : [];
  });
}

/** The segment outputs of a document, with their settings. */
export const outputSettings = (workflow: Workflow): NodeSettings<OutputConfig>[] => settingsOf(workflow, outputNode);

/** What each ingestion node reads (a file's path, format and key, or a warehouse table), as its kind says. */
export function sourceReadsOf(workflow: Workflow): { node: WorkflowNode; read: SourceRead }[] {
  const reads: { node: WorkflowNode; read: SourceRead }[] = [];
  // A plain loop: every check asks, and all but a node or two of a document are not sources.
  for (const node of workflow.nodes) {
    const definition = getNodeDefinition(node.kind);
    if (definition?.scope !== 'source' || !definition.read) continue;
    const parsed = definition.config.safeParse(node.config);
    if (parsed.success) reads.push({ node, read: definition.read(parsed.data) });
  }
  return reads;
}

/** What each node that reads a file reads (path, format, key): warehouse tables left out. */
export const fileReads = (workflow: Workflow): { node: WorkflowNode; read: ReadConfig }[] =>
  sourceReadsOf(workflow).flatMap(({ node, read }) => (isWarehouseRead(read) ? [] : [{ node, read }]));

/**
 * The settings validation parsed for a node, typed as `definition`'s, when the
 * node is of that kind: what a check reads after analyzeWorkflow without
 * parsing the settings again.
 */
export function analyzedSettings<C>(node: { definition: { kind: string }; config: Record<string, unknown> }, definition: NodeDefinition<C>): C | undefined {
  // The analysis parsed these settings with this very kind's schema.
  return node.definition.kind === definition.kind ? (node.config as C) : undefined;
}

/** A node's output settings, as validation parsed them; undefined for other kinds. */
export const analyzedOutput = (node: { definition: { kind: string }; config: Record<string, unknown> }) => analyzedSettings(node, outputNode);
