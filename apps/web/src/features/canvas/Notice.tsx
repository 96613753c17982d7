import { useEffect } from 'react';
import { useEditor } from '../../store/editor-provider.tsx';

/** A short-lived message at the bottom of the canvas (a refused connection, a copy). */
export function Notice() {
  const notice = useEditor((s) => s.notice);
  const notify = useEditor((s) => s.notify);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => notify(null), 4000);
    return () => clearTimeout(timer);
  }, [notice, notify]);
  if (!notice) return null;
  return (
    <div className="notice" role="status" key={notice.nonce}>
      {notice.text}
    </div>
  );
}
