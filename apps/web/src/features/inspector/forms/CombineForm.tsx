import { getNodeDefinition } from '@segflow/engine';
import { Field } from './fields.tsx';
import { str, type FormProps } from './form-props.ts';

/** Both / Either / Exclude: mostly wiring; intersect and union choose how name clashes resolve. */
export function CombineForm({ kind, config, set }: FormProps) {
  const ports = Object.values(getNodeDefinition(kind)?.inputs ?? {});
  return (
    <>
      <p className="hint">
        Connect {ports.map((p) => `${p.many ? `${p.min ?? 1} or more` : 'one'} to “${p.label}”`).join(' and ')}.
      </p>
      {kind !== 'exclude' && (
        <Field label="When two inputs have different columns of the same name" help="Input order is the order you connected them in.">
          <select className="select" aria-label="Conflict" value={str(config.conflict)} onChange={(e) => set({ conflict: e.target.value || undefined })}>
            <option value="">report it as a problem</option>
            <option value="first">take the first input’s value</option>
            <option value="last">take the last input’s value</option>
          </select>
        </Field>
      )}
    </>
  );
}
