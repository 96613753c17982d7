import { getNodeDefinition } from '@segflow/engine';
import { CircleAlert, PanelRightClose, PanelRightOpen, Trash2, TriangleAlert } from 'lucide-react';
import { useEffect } from 'react';
import { useEditor, useEditorStoreApi } from '../../store/editor-provider.tsx';
import { selectEdges, selectInspectedId, selectNodeById, selectReadOnly, selectSelectedCount } from '../../store/selectors.ts';
import { NodeIcon } from '../palette/NodeIcon.tsx';
import { ROLE_STYLE } from '../palette/role-style.ts';
import { inputSchemas, useAnalysis } from '../problems/analysis-context.tsx';
import { DescriptorForm } from './DescriptorForm.tsx';
import { JsonConfigForm } from './JsonConfigForm.tsx';
import { NodeInputs } from './NodeInputs.tsx';
import { LookupReasons } from '../lookup/LookupReasons.tsx';
import './inspector.css';

/** Settings `undefined` are removed, so the document never carries empty keys. */
const merge = (config: Record<string, unknown>, patch: Record<string, unknown>) =>
  Object.fromEntries(Object.entries({ ...config, ...patch }).filter(([, v]) => v !== undefined));

/** Folds the inspector to a rail, for the canvas to have the room. */
function FoldButton() {
  const setOpen = useEditor((s) => s.setInspectorOpen);
  return (
    <button type="button" className="icon-btn" aria-label="Fold the inspector away" title="Fold away" onClick={() => setOpen(false)}>
      <PanelRightClose size={16} />
    </button>
  );
}

/** The folded inspector: a rail that says what is selected and opens again. */
function InspectorRail({ title }: { title?: string }) {
  const setOpen = useEditor((s) => s.setInspectorOpen);
  return (
    <aside className="inspector is-folded" aria-label="Inspector">
      <button type="button" className="icon-btn" aria-label="Show the inspector" title={title ? `Show the settings of ${title}` : 'Show the inspector'} onClick={() => setOpen(true)} aria-expanded={false}>
        <PanelRightOpen size={16} />
      </button>
      {title && <span className="inspector-rail-title">{title}</span>}
    </aside>
  );
}

export function Inspector() {
  const open = useEditor((s) => s.inspectorOpen);
  const id = useEditor(selectInspectedId);
  const node = useEditor(selectNodeById(id));
  const setOpen = useEditor((s) => s.setInspectorOpen);
  // Picking a step means "show me its settings": a folded inspector (a small window) opens for it.
  useEffect(() => {
    if (id) setOpen(true);
  }, [id, setOpen]);
  if (!open) return <InspectorRail title={node ? node.data.label || getNodeDefinition(node.data.kind)?.label || node.data.kind : undefined} />;
  return <InspectorPanel />;
}

function InspectorPanel() {
  const id = useEditor(selectInspectedId);
  const node = useEditor(selectNodeById(id));
  const edges = useEditor(selectEdges);
  const selectedCount = useEditor(selectSelectedCount);
  const readOnly = useEditor(selectReadOnly);
  const store = useEditorStoreApi();
  const { analysis, problemsByNode } = useAnalysis();

  if (!id || !node) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <div className="inspector-empty">
          <span className="inspector-empty-fold"><FoldButton /></span>
          {selectedCount > 1 ? (
            <>
              <p><strong>{selectedCount} steps selected</strong></p>
              {!readOnly && (
                <>
                  <p className="hint">Ctrl+C copies them, Ctrl+V pastes, Delete removes them.</p>
                  <button type="button" className="btn btn-danger" onClick={() => store.getState().requestDelete()}><Trash2 size={15} /> Delete {selectedCount} steps</button>
                </>
              )}
            </>
          ) : (
            <>
              <p><strong>Nothing selected</strong></p>
              <p className="hint">{readOnly ? 'Click a step to see its settings and the customers in it.' : 'Click a step to edit it. Shift-drag selects several.'}</p>
            </>
          )}
        </div>
      </aside>
    );
  }

  const definition = getNodeDefinition(node.data.kind);
  const role = definition ? ROLE_STYLE[definition.role] : undefined;
  const problems = problemsByNode.get(id) ?? [];
  const output = analysis.schemas.get(id);
  const set = (patch: Record<string, unknown>) => store.getState().setNodeConfig(id, merge(node.data.config, patch));
  const replace = (config: Record<string, unknown>) => store.getState().setNodeConfig(id, config);
  const formProps = { nodeId: id, kind: node.data.kind, config: node.data.config, set, inputs: inputSchemas(analysis, id, edges) };

  return (
    <aside className="inspector" aria-label="Inspector">
      <header className="inspector-head" style={{ '--role': role?.color } as React.CSSProperties}>
        <span className="inspector-icon"><NodeIcon name={definition?.icon ?? ''} size={18} /></span>
        <div className="inspector-title">
          <input
            className="input inspector-label"
            aria-label="Step name"
            value={node.data.label ?? ''}
            placeholder={definition?.label ?? node.data.kind}
            maxLength={200}
            readOnly={readOnly}
            onChange={(e) => store.getState().setNodeLabel(id, e.target.value)}
          />
          <span className="hint" data-testid="inspector-subtitle">{definition?.label ?? node.data.kind} · {role?.title ?? 'unknown'}</span>
        </div>
        <span className="inspector-head-actions">
          {!readOnly && (
            <button type="button" className="icon-btn" aria-label="Delete step" title="Delete step (Del)" onClick={() => store.getState().requestDelete()}>
              <Trash2 size={16} />
            </button>
          )}
          <FoldButton />
        </span>
      </header>
      <div className="inspector-body">
        {definition && <p className="hint">{definition.help}</p>}
        <LookupReasons nodeId={id} />
        {problems.length > 0 && (
          <ul className="inspector-problems" aria-label="Problems with this step">
            {problems.map((p, i) => (
              <li key={i} className={p.severity === 'error' ? 'bad' : 'warn'}>
                {p.severity === 'error' ? <CircleAlert size={14} /> : <TriangleAlert size={14} />}
                <span>{p.message}</span>
              </li>
            ))}
          </ul>
        )}
        {/* A disabled fieldset disables every control of every form at once: a viewer reads the settings as they are. */}
        <fieldset className="inspector-fields" disabled={readOnly} aria-label={readOnly ? 'Settings (view only)' : undefined}>
          <NodeInputs nodeId={id} kind={node.data.kind} />
          {/* A kind's form is its field descriptors; a kind without any gets its settings as JSON. */}
          {definition?.fields ? <DescriptorForm key={id} {...formProps} replace={replace} /> : <JsonConfigForm key={id} {...formProps} />}
        </fieldset>
        {output && (
          <details className="inspector-details">
            <summary>{output.columns.length} columns after this step</summary>
            <ul className="column-list">
              {output.columns.map((c) => (
                <li key={c.name}>
                  <span className={c.origin === id ? 'column-new' : undefined}>{c.name}</span>
                  <span className="muted">{c.type}{c.name === output.key ? ' · key' : ''}{c.origin === id ? ' · new' : ''}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </aside>
  );
}
