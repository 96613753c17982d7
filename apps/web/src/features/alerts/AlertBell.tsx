import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bell } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { alertKeys, alertsQuery, markAllAlertsRead } from '../../api/alerts.queries.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { AlertList } from './AlertList.tsx';
import './alerts.css';

/** The header's bell: how many alerts nobody has read yet, and the latest ones a click away. */
export function AlertBell() {
  const alerts = useQuery(alertsQuery());
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const readAll = useMutation({ mutationFn: () => markAllAlertsRead(), onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }) });
  const unread = alerts.data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="alert-bell" ref={root}>
      <button
        type="button"
        className="icon-btn"
        aria-label={unread ? `Alerts: ${unread} unread` : 'Alerts'}
        aria-expanded={open}
        title="Alerts"
        onClick={() => setOpen((o) => !o)}
      >
        <Bell size={17} />
        {unread > 0 && <span className="bell-count" data-testid="alert-count">{unread > 99 ? '99+' : unread}</span>}
      </button>
      {open && (
        <div className="alert-popover card" role="dialog" aria-label="Alerts">
          <div className="alert-popover-head">
            <h3>Alerts</h3>
            <span className="spacer" />
            <button type="button" className="btn btn-sm" disabled={!unread || readAll.isPending} onClick={() => readAll.mutate()}>Mark all read</button>
          </div>
          <ErrorNote error={alerts.error ?? readAll.error} />
          {alerts.data && <AlertList alerts={alerts.data.alerts} showWorkflow onOpen={() => setOpen(false)} />}
        </div>
      )}
    </div>
  );
}
