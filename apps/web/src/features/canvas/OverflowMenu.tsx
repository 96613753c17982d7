import { MoreHorizontal } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { menuKeyTarget } from './menu-keys.ts';

export interface ToolbarAction {
  label: string;
  icon: ReactNode;
  title: string;
  onClick: () => void;
  disabled?: boolean;
}

/**
 * Actions shown as buttons in the toolbar; `iconsOnly` when room is short: the
 * word stays the button's name for screen readers and shows as its tooltip.
 */
export function InlineActions({ actions, iconsOnly = false }: { actions: ToolbarAction[]; iconsOnly?: boolean }) {
  return (
    <>
      {actions.map((a) => (
        <button
          key={a.label}
          type="button"
          className={iconsOnly ? 'icon-btn' : 'btn btn-ghost'}
          onClick={a.onClick}
          disabled={a.disabled}
          title={iconsOnly ? `${a.label}: ${a.title}` : a.title}
        >
          {a.icon} <span className={iconsOnly ? 'visually-hidden' : undefined}>{a.label}</span>
        </button>
      ))}
    </>
  );
}

/**
 * The same actions folded behind one "More" button when the toolbar is too
 * narrow for them: what matters most (Run, Publish) keeps its place. A menu as
 * the keyboard expects one: it opens on Enter, Space or ↓ with the focus on its
 * first item, ↑ ↓ Home End move, Escape closes and gives the focus back.
 */
export function OverflowMenu({ actions }: { actions: ToolbarAction[] }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);

  const items = () => Array.from(list.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? []);

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const close = (e: Event) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  const closeAndFocus = () => {
    setOpen(false);
    trigger.current?.focus();
  };

  const onListKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      return closeAndFocus();
    }
    if (e.key === 'Tab') return setOpen(false);
    const all = items();
    const target = menuKeyTarget(e.key, all.indexOf(document.activeElement as HTMLButtonElement), all.length);
    if (target === undefined) return;
    e.preventDefault();
    all[target]?.focus();
  };

  if (!actions.length) return null;
  return (
    <div className="overflow-menu" ref={root}>
      <button
        ref={trigger}
        type="button"
        className="icon-btn"
        aria-label="More actions"
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? 'toolbar-more-menu' : undefined}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <MoreHorizontal size={17} />
      </button>
      {open && (
        <div className="overflow-menu-list" role="menu" id="toolbar-more-menu" aria-label="More actions" ref={list} onKeyDown={onListKey}>
          {actions.map((a) => (
            <button
              key={a.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="overflow-menu-item"
              disabled={a.disabled}
              title={a.title}
              onClick={() => {
                closeAndFocus();
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
