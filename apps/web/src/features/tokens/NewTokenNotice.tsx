import { Check, Copy, TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import { copyText } from './copy-text.ts';

/** The one time a token's secret is shown: copy it now, it cannot be shown again. */
export function NewTokenNotice({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const example = `curl -H "Authorization: Bearer ${secret}" ${window.location.origin}/api/workflows`;
  return (
    <section className="card new-token" aria-label="Your new token">
      <p className="new-token-warning">
        <TriangleAlert size={16} aria-hidden />
        <span>
          <strong>Copy your new token “{name}” now.</strong> Segflow keeps only a fingerprint of it: once you leave this
          page it cannot be shown again. Anyone holding it can act as you.
        </span>
      </p>
      <div className="new-token-secret">
        <input className="input mono" readOnly aria-label="New token" value={secret} onFocus={(e) => e.target.select()} spellCheck={false} />
        <button type="button" className="btn btn-primary" onClick={() => void copyText(secret).then(setCopied)}>
          {copied ? <Check size={15} aria-hidden /> : <Copy size={15} aria-hidden />} {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="btn" onClick={onDone}>Done</button>
      </div>
      {copied === false && <p className="error-text">The browser did not allow copying: select the token and copy it yourself.</p>}
      <p className="hint">Try it: <code className="mono new-token-example">{example}</code></p>
    </section>
  );
}
