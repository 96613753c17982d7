import { getNodeDefinition } from '@segflow/engine';
import { Unplug } from 'lucide-react';
import { useEditor, useEditorStoreApi } from '../../store/editor-provider.tsx';
import { selectEdges, selectNodes } from '../../store/selectors.ts';
import { nodeName } from '../canvas/node-name.ts';

/** What feeds each input of the step, with a way to disconnect one without aiming at a curve. */
export function NodeInputs({ nodeId, kind }: { nodeId: string; kind: string }) {
  const edges = useEditor(selectEdges);
  const nodes = useEditor(selectNodes);
  const store = useEditorStoreApi();
  const ports = Object.entries(getNodeDefinition(kind)?.inputs ?? {});
  if (!ports.length) return null;
  return (
    <div className="field">
      <span className="field-label">Inputs</span>
      <ul className="node-inputs">
        {ports.map(([port, spec]) => {
          const incoming = edges.filter((e) => e.target === nodeId && (e.targetHandle ?? 'in') === port);
          return (
            <li key={port}>
              <span className="muted">{spec.label}:</span>
              {incoming.length === 0 && (spec.min === 0 ? <span className="muted">none (optional)</span> : <span className="error-text">not connected</span>)}
              {incoming.map((e) => {
                const name = nodeName(nodes.find((n) => n.id === e.source), e.source);
                return (
                  <span key={e.id} className="chip node-input">
                    {name}
                    <button type="button" aria-label={`Disconnect ${name}`} title="Disconnect" onClick={() => store.getState().deleteEdge(e.id)}>
                      <Unplug size={12} />
                    </button>
                  </span>
                );
              })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
