// @vitest-environment jsdom
import type { WorkflowInput } from '@segflow/engine';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorStoreProvider } from '../../../store/editor-provider.tsx';
import { createEditorStore, type EditorStore } from '../../../store/editor-store.ts';
import { selectDocument } from '../../../store/selectors.ts';
import { DescriptorForm } from '../DescriptorForm.tsx';

const DOCUMENT: WorkflowInput = {
  schemaVersion: 1,
  name: 'Orders',
  nodes: [
    { id: 'people', kind: 'source', position: { x: 0, y: 0 }, config: { format: 'csv', path: 'people.csv', key: 'id' } },
    { id: 'arm', kind: 'split', position: { x: 200, y: 0 }, config: { as: 'group', seed: 's', groups: [{ name: 'test', percent: 90 }, { name: 'holdout', percent: 10 }] } },
    { id: 'vip', kind: 'filter', label: 'VIP', position: { x: 200, y: 200 }, config: { condition: { combinator: 'and', rules: [] } } },
    { id: 'lapsed', kind: 'filter', label: 'Lapsed', position: { x: 200, y: 400 }, config: { condition: { combinator: 'and', rules: [] } } },
    { id: 'one', kind: 'priority', position: { x: 400, y: 300 }, config: { as: 'audience' } },
    { id: 'out', kind: 'output', position: { x: 600, y: 300 }, config: { segment: 'vip', destination: { type: 'csv', path: 'vip.csv' } } },
  ],
  edges: [
    { id: 'e1', source: 'people', target: 'arm', targetPort: 'in' },
    { id: 'e2', source: 'vip', target: 'one', targetPort: 'in' },
    { id: 'e3', source: 'lapsed', target: 'one', targetPort: 'in' },
  ],
};

let store: EditorStore;
const node = (id: string) => store.getState().nodes.find((n) => n.id === id)!;

/** The kind's descriptor form wired to the real store, as the inspector wires it. */
function Form({ id }: { id: string }) {
  const n = node(id);
  const replace = (config: Record<string, unknown>) => store.getState().setNodeConfig(id, config);
  return <DescriptorForm nodeId={id} kind={n.data.kind} config={n.data.config} inputs={{}} set={(patch) => replace({ ...node(id).data.config, ...patch })} replace={replace} />;
}
function mount(id: string) {
  store = createEditorStore();
  store.getState().loadWorkflow({ id: 'w1', name: 'Orders', document: DOCUMENT, revision: 1 });
  const view = render(<EditorStoreProvider store={store}><Form id={id} /></EditorStoreProvider>);
  store.subscribe(() => view.rerender(<EditorStoreProvider store={store}><Form id={id} /></EditorStoreProvider>));
}

afterEach(cleanup);

describe('split groups widget', () => {
  it('shows a live total that must reach 100 and adds a group with what is left', () => {
    mount('arm');
    expect(screen.getByTestId('split-total').textContent).toBe('Total 100%');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Group 1 percent' }), { target: { value: '45' } });
    expect(screen.getByTestId('split-total').textContent).toBe('Total 55%: 45% still to give out');
    expect(screen.getByRole('button', { name: 'Add an output per group' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Group' }));
    expect(node('arm').data.config.groups).toEqual([{ name: 'test', percent: 45 }, { name: 'holdout', percent: 10 }, { name: 'group_3', percent: 45 }]);
    expect(screen.getByTestId('split-total').textContent).toBe('Total 100%');
  });

  it('adds a filter and an output per group, wired to the split', () => {
    mount('arm');
    fireEvent.click(screen.getByRole('button', { name: 'Add an output per group' }));
    const doc = selectDocument(store.getState());
    const filters = doc.nodes.filter((n) => n.kind === 'filter' && n.label?.startsWith('Group'));
    expect(filters.map((f) => f.config?.condition)).toEqual([
      { combinator: 'and', rules: [{ field: 'group', operator: '=', value: 'test' }] },
      { combinator: 'and', rules: [{ field: 'group', operator: '=', value: 'holdout' }] },
    ]);
    expect(doc.nodes.filter((n) => n.kind === 'output' && n.id !== 'out').map((o) => (o.config as { segment: string }).segment)).toEqual(['test', 'holdout']);
    for (const f of filters) {
      expect(doc.edges!.some((e) => e.source === 'arm' && e.target === f.id)).toBe(true);
      expect(doc.edges!.some((e) => e.source === f.id && doc.nodes.find((n) => n.id === e.target)?.kind === 'output')).toBe(true);
    }
    expect(doc.nodes.filter((n) => n.kind === 'output' && n.id !== 'out').map((o) => o.label)).toEqual(['test', 'holdout']);
    // Every group has its output now: nothing more to add, and one undo takes all of it back.
    expect(screen.getByRole('button', { name: 'Add an output per group' })).toHaveProperty('disabled', true);
    store.getState().undo();
    expect(selectDocument(store.getState()).nodes.length).toBe(DOCUMENT.nodes.length);
  });

  it('adds outputs only for the groups that have none', () => {
    mount('arm');
    const addGroup = (firstPercent: string) => {
      fireEvent.change(screen.getByRole('spinbutton', { name: 'Group 1 percent' }), { target: { value: firstPercent } });
      fireEvent.click(screen.getByRole('button', { name: 'Group' }));
    };
    addGroup('80');
    fireEvent.click(screen.getByRole('button', { name: 'Add an output per group' }));
    addGroup('70');
    fireEvent.click(screen.getByRole('button', { name: 'Add outputs for group_4' }));
    const outputs = selectDocument(store.getState()).nodes.filter((n) => n.kind === 'output' && n.id !== 'out').map((o) => o.label);
    expect(outputs).toEqual(['test', 'holdout', 'group_3', 'group_4']);
  });
});

describe('split groups renamed', () => {
  it('takes the group\'s filter along, rule and name, in one undo step', () => {
    mount('arm');
    fireEvent.click(screen.getByRole('button', { name: 'Add an output per group' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Group 2 name' }), { target: { value: 'control' } });
    const doc = selectDocument(store.getState());
    const filter = doc.nodes.find((n) => n.label === 'Group control');
    expect(filter?.config?.condition).toEqual({ combinator: 'and', rules: [{ field: 'group', operator: '=', value: 'control' }] });
    expect(screen.getByRole('button', { name: 'Add an output per group' })).toHaveProperty('disabled', true);
    expect(selectDocument(store.getState()).nodes.find((n) => n.kind === 'output' && n.label === 'control')).toBeTruthy();
    store.getState().undo();
    expect(selectDocument(store.getState()).nodes.find((n) => n.label === 'Group holdout')).toBeTruthy();
  });

  it('follows the typing even through a name another group has', () => {
    mount('arm');
    fireEvent.click(screen.getByRole('button', { name: 'Add an output per group' }));
    const name = screen.getByRole('textbox', { name: 'Group 2 name' });
    for (const typed of ['test', 'test2']) fireEvent.change(name, { target: { value: typed } });
    const rules = selectDocument(store.getState()).nodes.filter((n) => n.label?.startsWith('Group ')).map((n) => [n.label, (n.config?.condition as { rules: { value: string }[] }).rules[0].value]);
    expect(rules).toEqual([['Group test', 'test'], ['Group test2', 'test2']]);
  });
});

describe('priority order widget', () => {
  it('lists the audiences in edge order and reorders the edges', () => {
    mount('one');
    const order = () => within(screen.getByRole('list', { name: 'Priority order' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(order()).toEqual(['1VIP', '2Lapsed']);
    fireEvent.click(screen.getByRole('button', { name: 'Move Lapsed up' }));
    expect(order()).toEqual(['1Lapsed', '2VIP']);
    expect(selectDocument(store.getState()).edges!.filter((e) => e.target === 'one').map((e) => e.source)).toEqual(['lapsed', 'vip']);
  });
});

describe('delivery widget', () => {
  const destination = () => node('out').data.config.destination;
  it('switches to a webhook and back: the file follows the renamed segment and the output keeps sending only changes', () => {
    mount('out');
    fireEvent.change(screen.getByRole('combobox', { name: 'Deliver as' }), { target: { value: 'webhook' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Webhook address' }), { target: { value: 'https://crm.example.com/h' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Send' }), { target: { value: 'changes' } });
    expect(destination()).toEqual({ type: 'webhook', url: 'https://crm.example.com/h', delivery: 'changes' });
    fireEvent.change(screen.getByRole('textbox', { name: 'Segment name' }), { target: { value: 'gold' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Deliver as' }), { target: { value: 'csv' } });
    expect(destination()).toEqual({ type: 'csv', path: 'gold.csv', delivery: 'changes' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Deliver as' }), { target: { value: 'webhook' } });
    expect(destination()).toEqual({ type: 'webhook', url: 'https://crm.example.com/h', delivery: 'changes' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Send' }), { target: { value: 'full' } });
    expect(destination()).toEqual({ type: 'webhook', url: 'https://crm.example.com/h' });
  });
});
