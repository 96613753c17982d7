// @vitest-environment jsdom
import { ReactFlow, ReactFlowProvider, type EdgeTypes, type NodeProps, type NodeTypes } from '@xyflow/react';
import { act, cleanup, render } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generatedDocument } from '../../../../../bench/generated-documents.ts';
import { fromDocument } from '../../store/document-convert.ts';
import type { EditorNode } from '../../store/editor-types.ts';
import { CountEdge } from './CountEdge.tsx';
import type { ShownProblem } from '../problems/merge-problems.ts';
import { NodeStatusSourcesProvider, type StatusSources } from './node-status.tsx';
import { EditorStoreProvider } from '../../store/editor-provider.tsx';
import { nodeWords } from './node-summary.ts';
import { SegflowNode } from './SegflowNode.tsx';

// React Flow measures its nodes; jsdom has no layout, so a do-nothing observer stands in.
beforeAll(() => {
  globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

/** Renders of node cards, counted by the React profiler around each. */
let renders = 0;
function ProfiledNode(props: NodeProps<EditorNode>) {
  return <Profiler id={props.id} onRender={() => void renders++}><SegflowNode {...props} /></Profiler>;
}
const nodeTypes: NodeTypes = { segflow: ProfiledNode };
const edgeTypes: EdgeTypes = { count: CountEdge };

// The bench's 500-node document, laid out on a grid so every card is on screen.
const document = generatedDocument(500);
const { nodes, edges } = fromDocument(document);
const placed = nodes.map((n, i) => ({ ...n, position: { x: (i % 25) * 220, y: Math.floor(i / 25) * 90 } }));
const counts = Object.fromEntries(nodes.map((n, i) => [n.id, { rows: 1000 + i, exact: true, kind: 'exact' as const }]));

function Editor({ sources }: { sources: StatusSources }) {
  return (
    <ReactFlowProvider>
      {/* Cards read the editor's customer lookup: none here. */}
      <EditorStoreProvider>
        <NodeStatusSourcesProvider sources={sources}>
          <div style={{ width: 6000, height: 2000 }}>
            <ReactFlow nodes={placed} edges={edges} nodeTypes={nodeTypes} edgeTypes={edgeTypes} />
          </div>
        </NodeStatusSourcesProvider>
      </EditorStoreProvider>
    </ReactFlowProvider>
  );
}

const sources = (over: Partial<StatusSources> = {}): StatusSources => ({ counts, stale: false, problemsByNode: new Map(), runNodes: undefined, document, ...over });

// Mounting 500 cards in jsdom takes seconds on a shared machine: one mount, several updates, a generous limit.
describe('node cards on the 500-node bench document', () => {
  it('re-render only the cards whose count or problems changed', () => {
    const view = render(<Editor sources={sources()} />);
    expect(view.getAllByTestId('node-count')).toHaveLength(500);
    const one = nodes[250].id;
    const changed = { ...counts, [one]: { rows: 7, exact: true, kind: 'exact' as const } };
    renders = 0;
    act(() => view.rerender(<Editor sources={sources({ counts: changed })} />));
    // The figure in bench/RESULTS.md: 500 before per-node selectors.
    expect(renders).toBe(1);
    expect(view.getByTestId(`node-${one}`).textContent).toContain('7');

    const problem: ShownProblem = { code: 'invalid_config', severity: 'error', message: 'Broken.', nodeId: nodes[3].id, from: 'browser' };
    renders = 0;
    act(() => view.rerender(<Editor sources={sources({ counts: changed, problemsByNode: new Map([[nodes[3].id, [problem]]]) })} />));
    expect(renders).toBe(1);
    // The same problems found again (a new analysis): nothing to draw.
    renders = 0;
    act(() => view.rerender(<Editor sources={sources({ counts: { ...changed }, problemsByNode: new Map([[nodes[3].id, [{ ...problem }]]]) })} />));
    expect(renders).toBe(0);
  }, 120_000);

  it('give a filter and an output the words of who they hold as their tooltip, read again only for a new document', () => {
    const output = document.nodes.find((n) => n.kind === 'output')!;
    const words = nodeWords('output', document, output.id)!;
    const view = render(<Editor sources={sources()} />);
    const tooltip = () => view.getByTestId(`node-${output.id}`).querySelector('.sf-node-kind')!.getAttribute('title');
    expect(words).toMatch(/^Customers .*\.$/);
    expect(tooltip()).toBe(words);
    // The same document again (a new count query's answer): no card has new words to draw.
    renders = 0;
    act(() => view.rerender(<Editor sources={sources({ document: structuredClone(document) })} />));
    expect(renders).toBe(0);
    // A document where the first filter (upstream of the first output) keeps everyone: the words along its path change, no other card draws.
    const filterId = document.nodes.find((n) => n.kind === 'filter')!.id;
    const edited = { ...document, nodes: document.nodes.map((n) => (n.id === filterId ? { ...n, config: { condition: { combinator: 'and' as const, rules: [] } } } : n)) };
    renders = 0;
    act(() => view.rerender(<Editor sources={sources({ document: edited })} />));
    expect(tooltip()).toBe(nodeWords('output', edited, output.id));
    expect(tooltip()).not.toBe(words);
    expect(renders).toBeGreaterThan(0);
    expect(renders).toBeLessThan(document.nodes.filter((n) => n.kind === 'filter' || n.kind === 'output').length);
  }, 120_000);
});
