import { useReactFlow } from '@xyflow/react';
import { ArrowLeft, Download, Eye, LayoutDashboard, Play, Redo2, Rocket, Search, Undo2, Upload } from 'lucide-react';
import { useRef, useState } from 'react';
import { Link } from 'wouter';
import { useCan, useMe } from '../../app/auth-context.tsx';
import { useEditor, useEditorShallow, useEditorStoreApi } from '../../store/editor-provider.tsx';
import type { EditorEdge, EditorNode } from '../../store/editor-types.ts';
import { selectDocument, selectHistory, selectName, selectReadOnly } from '../../store/selectors.ts';
import { PublishDialog } from '../publish/PublishDialog.tsx';
import { AsOfField } from '../runs/AsOfField.tsx';
import { layoutGraph } from './auto-layout.ts';
import { fitGraph } from './fit-graph.ts';
import { readDocumentFile } from './import-document.ts';
import { InlineActions, OverflowMenu, type ToolbarAction } from './OverflowMenu.tsx';
import { SaveIndicator } from './SaveIndicator.tsx';
import { TOOLBAR_STEPS, toolbarLayout } from './fit-level.ts';
import { useFitStep } from './use-fit-step.ts';

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const fileName = (name: string) => `${name.trim().replace(/[^\w-]+/g, '_').replace(/^_+|_+$/g, '') || 'workflow'}.json`;

export function EditorToolbar() {
  const store = useEditorStoreApi();
  const name = useEditor(selectName);
  const { canUndo, canRedo, undo, redo } = useEditorShallow(selectHistory);
  const nodeCount = useEditor((s) => s.nodes.length);
  const flow = useReactFlow<EditorNode, EditorEdge>();
  const fileInput = useRef<HTMLInputElement>(null);
  const [publishing, setPublishing] = useState(false);
  const canPublish = useCan('POST /api/workflows/:id/publish');
  const canRun = useCan('POST /api/workflows/:id/runs');
  const readOnly = useEditor(selectReadOnly);
  const canExplain = useCan('POST /api/workflows/:id/explain');
  const lookupOpen = useEditor((s) => s.lookupOpen);
  const toolbar = useRef<HTMLDivElement>(null);
  const nameField = useRef<HTMLInputElement>(null);
  // Measured, not guessed from the window: the as-of suggestion, a long name or a save error can crowd a wide window too.
  const step = useFitStep(TOOLBAR_STEPS.length - 1, toolbar, () => {
    const bar = toolbar.current;
    if (!bar) return undefined;
    const name = nameField.current;
    return { contentWidth: bar.scrollWidth, boxWidth: bar.clientWidth, nameWidth: name?.clientWidth, nameTextWidth: name?.scrollWidth };
  });
  const layout = toolbarLayout(step);

  const autoLayout = () => {
    const { nodes, edges } = store.getState();
    const positions = layoutGraph(nodes.map((n) => ({ id: n.id, width: n.measured?.width, height: n.measured?.height })), edges);
    store.getState().moveNodes(positions);
    requestAnimationFrame(() => fitGraph(flow, 300));
  };

  const importFile = async (file: File) => {
    const result = await readDocumentFile(file);
    if (!result.ok) {
      store.getState().notify(`Not imported: ${result.message}`);
      return;
    }
    store.getState().importDocument(result.document);
    store.getState().notify(`Imported ${result.document.nodes.length} steps. Undo brings back what was here.`);
    requestAnimationFrame(() => fitGraph(flow));
  };

  // Less used actions give way first (words, then the buttons themselves into a menu), so Run and Publish always fit.
  const actions: ToolbarAction[] = [
    ...(readOnly ? [] : [{ label: 'Tidy layout', icon: <LayoutDashboard size={16} />, title: 'Arrange the steps left to right', onClick: autoLayout, disabled: nodeCount === 0 }]),
    {
      label: 'Export', icon: <Download size={16} />, title: 'Download this workflow as a JSON file',
      onClick: () => download(fileName(name), JSON.stringify(selectDocument(store.getState()), null, 2)),
    },
    ...(canExplain ? [{ label: 'Look up a customer', icon: <Search size={16} />, title: 'Find a customer by key and see the steps they are in, and why', onClick: () => store.getState().setLookupOpen(!lookupOpen) }] : []),
    ...(readOnly ? [] : [{ label: 'Import', icon: <Upload size={16} />, title: 'Replace this draft with a workflow JSON file', onClick: () => fileInput.current?.click() }]),
  ];

  return (
    <div className={`editor-toolbar${layout.wrap ? ' is-wrapped' : ''}`} role="toolbar" aria-label="Workflow" ref={toolbar} data-fit={TOOLBAR_STEPS[step]}>
      <Link href="/" className="icon-btn" aria-label="Back to workflows" title="Back to workflows">
        <ArrowLeft size={17} />
      </Link>
      <input
        ref={nameField}
        className="input workflow-name"
        title={name}
        aria-label="Workflow name"
        value={name}
        placeholder="Untitled workflow"
        maxLength={200}
        readOnly={readOnly}
        onChange={(e) => store.getState().renameWorkflow(e.target.value)}
      />
      {readOnly ? <ViewOnlyBadge /> : <SaveIndicator />}
      <span className="toolbar-sep" />
      {!readOnly && (
        <>
          <button type="button" className="icon-btn" onClick={undo} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)"><Undo2 size={17} /></button>
          <button type="button" className="icon-btn" onClick={redo} disabled={!canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)"><Redo2 size={17} /></button>
          <span className="toolbar-sep" />
          <input ref={fileInput} type="file" accept="application/json,.json" className="visually-hidden" aria-label="Import a workflow file" onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importFile(file);
            e.target.value = '';
          }} />
        </>
      )}
      {layout.actions === 'menu' ? <OverflowMenu actions={actions} /> : <InlineActions actions={actions} iconsOnly={layout.actions === 'icons'} />}
      <span className="spacer" />
      {/* The date counts and runs count back from: a view-only editor has neither. */}
      {!readOnly && (
        <AsOfField className="toolbar-asof" short={layout.shortDate} />
      )}
      {canPublish && (
        <button type="button" className="btn" onClick={() => setPublishing(true)}>
          <Rocket size={16} /> Publish…
        </button>
      )}
      {canRun && (
        <button type="button" className="btn btn-primary" onClick={() => store.getState().setPanel('run')}>
          <Play size={16} /> Run
        </button>
      )}
      <PublishDialog open={publishing} onClose={() => setPublishing(false)} />
    </div>
  );
}

/** Where the save state would be: a calm word saying why nothing here changes. */
function ViewOnlyBadge() {
  const role = useMe()?.user.role;
  return (
    <span className="badge view-only" data-testid="view-only" title={`${role ? `As a ${role} you` : 'You'} can look at this workflow, select steps and follow runs, but not change it.`}>
      <Eye size={13} aria-hidden /> View only
    </span>
  );
}
