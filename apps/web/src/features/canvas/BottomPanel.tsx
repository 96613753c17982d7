import { AlertCircle, ChartPie, Bell, CalendarClock, ChevronDown, ChevronUp, History, LineChart, Maximize2, Minimize2, Play, Tags, Users } from 'lucide-react';
import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectPanel } from '../../store/selectors.ts';
import type { BottomPanel as PanelId } from '../../store/ui.slice.ts';
import { MembersPanel } from '../preview/MembersPanel.tsx';
import { useAnalysis } from '../problems/analysis-context.tsx';
import { ProblemsPanel } from '../problems/ProblemsPanel.tsx';
import { VersionsPanel } from '../publish/VersionsPanel.tsx';
import { SchedulesPanel } from '../schedules/SchedulesPanel.tsx';
import { useUnreadAlerts, WorkflowAlertsPanel } from '../alerts/WorkflowAlertsPanel.tsx';
import { RunHistory } from '../runs/RunHistory.tsx';
import { RunPanel } from '../runs/RunPanel.tsx';
import { PanelResizer } from './PanelResizer.tsx';
import { TAB_STEPS } from './fit-level.ts';
import { useFitStep } from './use-fit-step.ts';

// The chart library is the heaviest dependency; it loads when Trends is first opened.
const InsightPanel = lazy(() => import('../insight/InsightPanel.tsx').then((m) => ({ default: m.InsightPanel })));
const TrendsPanel = lazy(() => import('../history/TrendsPanel.tsx').then((m) => ({ default: m.TrendsPanel })));

const TABS: { id: PanelId; label: string; icon: ReactNode }[] = [
  { id: 'problems', label: 'Problems', icon: <AlertCircle size={15} /> },
  { id: 'members', label: 'Members', icon: <Users size={15} /> },
  { id: 'insight', label: 'Insight', icon: <ChartPie size={15} /> },
  { id: 'run', label: 'Run', icon: <Play size={15} /> },
  { id: 'history', label: 'History', icon: <History size={15} /> },
  { id: 'trends', label: 'Trends', icon: <LineChart size={15} /> },
  { id: 'schedules', label: 'Schedules', icon: <CalendarClock size={15} /> },
  { id: 'alerts', label: 'Alerts', icon: <Bell size={15} /> },
  { id: 'versions', label: 'Versions', icon: <Tags size={15} /> },
];

/** The panels under the canvas, one visible at a time. */
export function BottomPanel() {
  const panel = useEditor(selectPanel);
  const setPanel = useEditor((s) => s.setPanel);
  const open = useEditor((s) => s.panelOpen);
  const toggle = useEditor((s) => s.togglePanel);
  const tall = useEditor((s) => s.panelTall);
  const height = useEditor((s) => s.panelHeight);
  const section = useRef<HTMLElement>(null);
  const toggleTall = useEditor((s) => s.togglePanelTall);
  const { problems } = useAnalysis();
  const unreadAlerts = useUnreadAlerts(useEditor((s) => s.workflowId));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  // Where the canvas column is narrow the tabs move closer, then all but the chosen one show their icons alone
  // (the word as tooltip and name); narrower still, the strip scrolls, with the chosen tab kept in view.
  const strip = useRef<HTMLDivElement>(null);
  const tabList = useRef<HTMLDivElement>(null);
  const fit = TAB_STEPS[useFitStep(TAB_STEPS.length - 1, strip, () => (tabList.current ? { contentWidth: tabList.current.scrollWidth, boxWidth: tabList.current.clientWidth } : undefined))];
  const compact = fit === 'icons';
  useEffect(() => {
    tabList.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [panel, open, compact]);

  return (
    <section
      ref={section}
      className={`bottom-panel${open ? (tall ? ' is-tall' : '') : ' is-collapsed'}`}
      style={open && !tall && height ? { height } : undefined}
      aria-label="Details"
    >
      {open && <PanelResizer panel={() => section.current} />}
      <div className="tabs" data-fit={fit} ref={strip}>
        {/* Only tabs inside the tab list: the size buttons beside it are not tabs. */}
        <div className="tab-list" role="tablist" aria-label="Panels" ref={tabList}>
        {TABS.map((t) => {
          const iconOnly = compact && !(open && panel === t.id);
          return (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={open && panel === t.id}
            aria-controls={`panel-${t.id}`}
            className="tab"
            title={iconOnly ? t.label : undefined}
            onClick={() => (open && panel === t.id ? toggle() : setPanel(t.id))}
          >
            {t.icon}
            <span className={iconOnly ? 'visually-hidden' : undefined}>{t.label}</span>
            {/* Both kinds counted, so the badges add up to the rows of the list. */}
            {t.id === 'problems' && errors > 0 && <span className="badge bad" title={`${errors} to fix before a run`}>{errors}</span>}
            {t.id === 'problems' && warnings > 0 && <span className="badge warn" title={`${warnings} warning${warnings === 1 ? '' : 's'}`}>{warnings}</span>}
            {t.id === 'alerts' && unreadAlerts > 0 && <span className="badge bad">{unreadAlerts}</span>}
          </button>
          );
        })}
        </div>
        <span className="spacer" />
        <button type="button" className="icon-btn" onClick={toggleTall} aria-label={tall && open ? 'Make the panel smaller' : 'Make the panel taller'} title={tall && open ? 'Smaller' : 'Taller'}>
          {tall && open ? <Minimize2 size={15} /> : <Maximize2 size={15} />}
        </button>
        <button type="button" className="icon-btn" onClick={toggle} aria-label={open ? 'Fold the panel away' : 'Show the panel'} title={open ? 'Fold away' : 'Show'}>
          {open ? <ChevronDown size={16} /> : <ChevronUp size={16} />}
        </button>
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${panel}`} aria-labelledby={`tab-${panel}`}>
        {panel === 'problems' && <ProblemsPanel />}
        {panel === 'members' && <MembersPanel />}
        {panel === 'insight' && (
          <Suspense fallback={<p className="empty">Loading…</p>}>
            <InsightPanel />
          </Suspense>
        )}
        {panel === 'run' && <RunPanel />}
        {panel === 'history' && <RunHistory />}
        {panel === 'trends' && (
          <Suspense fallback={<p className="empty">Loading…</p>}>
            <TrendsPanel />
          </Suspense>
        )}
        {panel === 'schedules' && <SchedulesPanel />}
        {panel === 'alerts' && <WorkflowAlertsPanel />}
        {panel === 'versions' && <VersionsPanel />}
      </div>
    </section>
  );
}
