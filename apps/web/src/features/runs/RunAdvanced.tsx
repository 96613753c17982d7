import { RUN_MODES, type RunMode } from '@segflow/engine';

export const MODE_HELP: Record<RunMode, string> = {
  sequential: 'One step at a time on all customers: simplest to follow.',
  parallel: 'Every ready step at once, each split into parts of customers.',
  hybrid: 'Parts in parallel between steps that need everyone (like rank).',
};

interface Props {
  open: boolean;
  onToggle: (open: boolean) => void;
  mode: RunMode;
  onMode: (mode: RunMode) => void;
  partitions: number;
  onPartitions: (n: number) => void;
}

/**
 * How a run is executed: an engineer's choice, folded away. A run started without
 * opening it uses the workflow's saved choice (or hybrid on 4 parts), which gives
 * the same segments as any other.
 */
export function RunAdvanced({ open, onToggle, mode, onMode, partitions, onPartitions }: Props) {
  return (
    <details className="run-advanced" open={open} onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary>Advanced</summary>
      <div className="run-advanced-body">
        <label className="field">
          <span>Execution mode</span>
          <select className="select" value={mode} onChange={(e) => onMode(e.target.value as RunMode)} aria-describedby="mode-help">
            {RUN_MODES.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <p id="mode-help" className="hint">{MODE_HELP[mode]}</p>
        <label className="field">
          <span>Parts</span>
          <input className="input" type="number" min={1} max={64} value={mode === 'sequential' ? 1 : partitions} disabled={mode === 'sequential'}
            onChange={(e) => onPartitions(Math.max(1, Math.min(64, Number(e.target.value) || 1)))} />
        </label>
        <p className="hint">Every mode gives the same segments; they differ only in speed and memory.</p>
      </div>
    </details>
  );
}
