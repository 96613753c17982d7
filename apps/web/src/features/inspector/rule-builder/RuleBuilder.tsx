import type { ConditionGroup } from '@segflow/engine';
import { useRuleData } from './rule-data.tsx';
import { WithRuleCounts } from './RuleCounts.tsx';
import type { FieldOption } from './rule-logic.ts';
import { RuleGroupView } from './RuleGroupView.tsx';
import './rule-builder.css';

const EMPTY: ConditionGroup = { combinator: 'and', rules: [] };

/**
 * Nested AND/OR rules in react-querybuilder's format (the document's condition
 * format), offering only the columns that reach this node; with an events input,
 * rules on what customers did as well.
 */
export function RuleBuilder({ value, fields, onChange }: { value: ConditionGroup | undefined; fields: readonly FieldOption[]; onChange: (g: ConditionGroup) => void }) {
  const { countsNodeId } = useRuleData();
  const group = value ?? EMPTY;
  return (
    <div className="rule-builder">
      {!fields.length && <p className="hint">Connect this step to data to choose columns.</p>}
      {countsNodeId && group.rules.length > 0 ? (
        <WithRuleCounts nodeId={countsNodeId}>
          {(counts) => <RuleGroupView group={group} fields={fields} depth={0} onChange={onChange} counts={counts} />}
        </WithRuleCounts>
      ) : (
        <RuleGroupView group={group} fields={fields} depth={0} onChange={onChange} />
      )}
    </div>
  );
}
