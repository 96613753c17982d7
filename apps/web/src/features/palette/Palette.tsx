import { NODE_DEFINITIONS, NODE_ROLES } from '@segflow/engine';
import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import type { DragEvent } from 'react';
import { useEditor } from '../../store/editor-provider.tsx';
import { NodeIcon } from './NodeIcon.tsx';
import { ROLE_STYLE } from './role-style.ts';
import './palette.css';

/** The MIME type a palette item carries while dragged onto the canvas. */
export const KIND_MIME = 'application/x-segflow-kind';

/**
 * Node kinds grouped by role. Click adds a node in view; drag places it where dropped.
 * Folded, it is a rail of the same items as icons: still clickable and draggable.
 */
export function Palette({ onAdd }: { onAdd: (kind: string) => void }) {
  const open = useEditor((s) => s.paletteOpen);
  const toggle = useEditor((s) => s.togglePalette);
  const onDragStart = (e: DragEvent, kind: string) => {
    e.dataTransfer.setData(KIND_MIME, kind);
    e.dataTransfer.setData('text/plain', kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className={`palette${open ? '' : ' is-folded'}`} aria-label="Add a step">
      <button type="button" className="icon-btn palette-fold" onClick={toggle} aria-label={open ? 'Fold the steps away' : 'Show the steps'} title={open ? 'Fold away' : 'Show the steps with their descriptions'} aria-expanded={open}>
        {open ? <PanelLeftClose size={16} /> : <PanelLeftOpen size={16} />}
      </button>
      {NODE_ROLES.map((role) => {
        const kinds = NODE_DEFINITIONS.filter((d) => d.role === role);
        const style = ROLE_STYLE[role];
        return (
          <section key={role} className="palette-group" aria-labelledby={`palette-${role}`}>
            <h4 id={`palette-${role}`} className={open ? undefined : 'visually-hidden'}>{style.title}</h4>
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
                    title={open ? d.help : `${d.label}: ${d.help}`}
                  >
                    <span className="palette-icon" style={{ color: style.color, background: `color-mix(in srgb, ${style.color} 12%, white)` }}>
                      <NodeIcon name={d.icon} size={16} />
                    </span>
                    <span className={open ? 'palette-text' : 'visually-hidden'}>
                      <span className="palette-label">{d.label}</span>
                      {open && <span className="palette-help">{d.help}</span>}
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
