import { analyzeFormula, type Schema } from '@segflow/engine';
import { useRef } from 'react';

/** The formula language's functions, as the spec lists them, for click-to-insert. */
const FUNCTIONS = ['coalesce(a, b)', 'round(x, 2)', 'abs(x)', 'least(a, b)', 'greatest(a, b)', 'lower(s)', 'upper(s)', 'length(s)', 'year(d)', 'days_since(d)', 'if(cond, a, b)'];

const quoteIfNeeded = (name: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`);

interface Props {
  nodeId: string;
  value: string;
  input: Schema | undefined;
  onChange: (text: string) => void;
}

/**
 * A formula box that checks as you type with the engine's own parser and type
 * checker: the result type when it is right, the first mistake at its position
 * when not.
 */
export function FormulaEditor({ nodeId, value, input, onChange }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const analysis = input ? analyzeFormula(value, input, nodeId) : undefined;
  const problem = analysis?.problems.find((p) => p.severity === 'error');
  const position = problem?.position;

  const insert = (text: string) => {
    const el = ref.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    onChange(value.slice(0, start) + text + value.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  return (
    <div className="formula-editor">
      <textarea
        ref={ref}
        className="textarea mono"
        rows={3}
        spellCheck={false}
        aria-label="Formula"
        aria-invalid={!!problem || undefined}
        value={value}
        placeholder="e.g. round(MntWines / (NumWebPurchases + 1), 2)"
        onChange={(e) => onChange(e.target.value)}
      />
      {!input ? (
        <p className="hint">Connect this step to data to check the formula.</p>
      ) : problem ? (
        <div className="formula-error" role="alert" data-testid="formula-error">
          <p className="error-text">{problem.message}{position !== undefined ? ` (at character ${position + 1})` : ''}</p>
          {position !== undefined && value && (
            <pre className="formula-caret mono">
              {value.slice(0, position)}
              <mark>{value.slice(position, position + 1) || ' '}</mark>
              {value.slice(position + 1)}
            </pre>
          )}
        </div>
      ) : analysis?.type ? (
        <p className="hint" data-testid="formula-type">Result: <span className="badge">{analysis.type}</span></p>
      ) : null}
      {input && (
        <details className="formula-help">
          <summary>Columns and functions</summary>
          <div className="formula-tokens">
            {input.columns.map((c) => (
              <button key={c.name} type="button" className="chip" onClick={() => insert(quoteIfNeeded(c.name))} title={c.type}>{c.name}</button>
            ))}
          </div>
          <div className="formula-tokens">
            {FUNCTIONS.map((f) => (
              <button key={f} type="button" className="chip mono" onClick={() => insert(f.slice(0, f.indexOf('(') + 1))}>{f}</button>
            ))}
          </div>
        </details>
      )}
    </div>
  );
}
