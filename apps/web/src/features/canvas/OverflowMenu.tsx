import { MoreHorizontal } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface ToolbarAction {
  label: string;
  icon: ReactNode;
  title: string;
  onClick: () => void;
  disabled?: boolean;
}

/** Actions shown as buttons in the toolbar. */
export function InlineActions({ actions }: { actions: ToolbarAction[] }) {
  return (
    <>
      {actions.map((a) => (
        <button key={a.label} type="button" className="btn btn-ghost" onClick={a.onClick} disabled={a.disabled} title={a.title}>
          {a.icon} {a.label}
        </button>
      ))}
    </>
  );
}

/**
 * The same actions folded behind one "More" button when the toolbar is too
 * narrow for them: what matters most (Run, Publish) keeps its place.
 */
export function OverflowMenu({ actions }: { actions: ToolbarAction[] }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  if (!actions.length) return null;
  return (
    <div className="overflow-menu" ref={root}>
      <button type="button" className="icon-btn" aria-label="More actions" title="More actions" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <MoreHorizontal size={17} />
      </button>
      {open && (
        <div className="overflow-menu-list" role="menu" aria-label="More actions">
          {actions.map((a) => (
            <button
              key={a.label}
              type="button"
              role="menuitem"
              className="overflow-menu-item"
              disabled={a.disabled}
              title={a.title}
              onClick={() => {
                setOpen(false);
                a.onClick();
              }}
            >
              {a.icon} {a.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
