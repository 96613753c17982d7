import { Check, X } from 'lucide-react';
import { useEditor } from '../../store/editor-provider.tsx';
import { membershipWord } from './membership-words.ts';

/** In the inspector: whether the looked-up customer is in this step, and each rule's value and outcome. */
export function LookupReasons({ nodeId }: { nodeId: string }) {
  const lookup = useEditor((s) => s.lookup);
  if (!lookup) return null;
  const node = lookup.explanation.nodes[nodeId];
  const word = membershipWord(node?.in);
  return (
    <section className={`lookup-reasons is-${word}`} aria-label={`Why customer ${lookup.key} is ${word === 'in' ? 'in' : 'not in'} this step`} data-testid="lookup-reasons">
      <p className="lookup-verdict">
        {!node ? `Customer ${lookup.key} does not reach this step.`
          : node.in === null ? `Whether customer ${lookup.key} is in this step cannot be known yet: ${node.reason ?? ''}`
          : node.in ? `Customer ${lookup.key} is in this step.` : `Customer ${lookup.key} is not in this step.`}
      </p>
      {node && node.rules.length > 0 && (
        <ul className="lookup-rules">
          {node.rules.map((rule, i) => (
            <li key={i} className={rule.passed ? 'passed' : 'failed'}>
              {rule.passed ? <Check size={14} aria-label="passed" /> : <X size={14} aria-label="failed" />}
              <span>{rule.text}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
