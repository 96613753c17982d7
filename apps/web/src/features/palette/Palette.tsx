import { NODE_DEFINITIONS, NODE_ROLES } from '@segflow/engine';
import type { DragEvent } from 'react';
import { NodeIcon } from './NodeIcon.tsx';
import { ROLE_STYLE } from './role-style.ts';
import './palette.css';

/** The MIME type a palette item carries while dragged onto the canvas. */
export const KIND_MIME = 'application/x-segflow-kind';

/** Node kinds grouped by role. Click adds a node in view; drag places it where dropped. */
export function Palette({ onAdd }: { onAdd: (kind: string) => void }) {
  const onDragStart = (e: DragEvent, kind: string) => {
    e.dataTransfer.setData(KIND_MIME, kind);
    e.dataTransfer.setData('text/plain', kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette" aria-label="Add a step">
      {NODE_ROLES.map((role) => {
        const kinds = NODE_DEFINITIONS.filter((d) => d.role === role);
        const style = ROLE_STYLE[role];
        return (
          <section key={role} className="palette-group" aria-labelledby={`palette-${role}`}>
            <h4 id={`palette-${role}`}>{style.title}</h4>
            <ul>
              {kinds.map((d) => (
                <li key={d.kind}>
                  <button
                    type="button"
                    className="palette-item"
                    draggable
                    onDragStart={(e) => onDragStart(e, d.kind)}
                    onClick={() => onAdd(d.kind)}
                    data-kind={d.kind}
                    title={d.help}
                  >
                    <span className="palette-icon" style={{ color: style.color, background: `color-mix(in srgb, ${style.color} 12%, white)` }}>
                      <NodeIcon name={d.icon} size={16} />
                    </span>
                    <span className="palette-text">
                      <span className="palette-label">{d.label}</span>
                      <span className="palette-help">{d.help}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}
