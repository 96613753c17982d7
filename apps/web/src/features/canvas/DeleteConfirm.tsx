import { ConfirmDialog } from '../../app/dialog.tsx';
import { useEditor } from '../../store/editor-provider.tsx';

/** Asks before deleting steps that others use: their dependants would be left without an input. */
export function DeleteConfirm() {
  const pending = useEditor((s) => s.pendingDelete);
  const confirm = useEditor((s) => s.confirmDelete);
  const cancel = useEditor((s) => s.cancelDelete);
  const many = (pending?.used.length ?? 0) > 1;
  return (
    <ConfirmDialog
      open={!!pending}
      title={many ? 'Delete these steps?' : 'Delete this step?'}
      message={
        <>
          {pending?.message}
          <br />
          <span className="hint">The steps that use it keep their rules and will each ask for a new input. Ctrl+Z undoes the delete.</span>
        </>
      }
      confirmLabel={many ? 'Delete steps' : 'Delete step'}
      danger
      onConfirm={confirm}
      onCancel={cancel}
    />
  );
}
