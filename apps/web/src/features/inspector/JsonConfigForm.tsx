import { useState } from 'react';
import type { FormProps } from './forms/form-props.ts';

/** For a kind without its own form: the settings as JSON, applied when they parse. */
export function JsonConfigForm({ config, set }: FormProps) {
  const [text, setText] = useState(() => JSON.stringify(config, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <label className="field">
      <span>Settings (JSON)</span>
      <textarea className="textarea mono" rows={10} value={text} onChange={(e) => {
        setText(e.target.value);
        try {
          const parsed = JSON.parse(e.target.value);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('Settings must be an object.');
          setError(null);
          const cleared = Object.fromEntries(Object.keys(config).map((k) => [k, undefined]));
          set({ ...cleared, ...parsed });
        } catch (err) {
          setError((err as Error).message);
        }
      }} />
      {error && <span className="error-text">{error}</span>}
    </label>
  );
}
