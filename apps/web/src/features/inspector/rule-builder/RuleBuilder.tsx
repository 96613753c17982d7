import type { ConditionGroup } from '@segflow/engine';
import type { FieldOption } from './rule-logic.ts';
import { RuleGroupView } from './RuleGroupView.tsx';
import './rule-builder.css';

const EMPTY: ConditionGroup = { combinator: 'and', rules: [] };

/**
 * Nested AND/OR rules in react-querybuilder's format (the document's condition
 * format), offering only the columns that reach this node.
 */
export function RuleBuilder({ value, fields, onChange }: { value: ConditionGroup | undefined; fields: readonly FieldOption[]; onChange: (g: ConditionGroup) => void }) {
  return (
    <div className="rule-builder">
      {!fields.length && <p className="hint">Connect this step to data to choose columns.</p>}
      <RuleGroupView group={value ?? EMPTY} fields={fields} depth={0} onChange={onChange} />
    </div>
  );
}
