import { Check, CloudOff, Loader2, TriangleAlert } from 'lucide-react';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectSave } from '../../store/selectors.ts';

/** Saved · Saving… · Unsaved changes · Not saved: the draft's state, always visible. */
export function SaveIndicator() {
  const save = useEditor(selectSave);
  const view = {
    saved: { icon: <Check size={14} />, text: 'Saved', tone: 'muted' },
    dirty: { icon: <Loader2 size={14} className="spin" />, text: 'Saving…', tone: 'muted' },
    saving: { icon: <Loader2 size={14} className="spin" />, text: 'Saving…', tone: 'muted' },
    conflict: { icon: <TriangleAlert size={14} />, text: 'Not saved: changed elsewhere', tone: 'bad' },
    error: { icon: <CloudOff size={14} />, text: 'Not saved', tone: 'bad' },
  }[save.status];
  return (
    <span className={`save-indicator ${view.tone}`} role="status" aria-live="polite" title={save.error} data-testid="save-state">
      {view.icon}
      {view.text}
    </span>
  );
}
