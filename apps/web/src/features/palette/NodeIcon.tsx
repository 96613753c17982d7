import {
  Activity, Calculator, CircleDashed, CircleMinus, Filter, GitMerge, ListOrdered, Merge, Send, Sigma, Split, TableProperties, Trophy, Users,
  type LucideIcon, type LucideProps,
} from 'lucide-react';

/*
 * The engine names icons (lucide names) so every client draws a kind alike. Only
 * the ones in use are imported: the whole set would weigh down the bundle. A kind
 * naming a new icon adds it here (NodeIcon.test.ts fails until then).
 */
export const ICONS: Record<string, LucideIcon> = {
  users: Users,
  activity: Activity,
  filter: Filter,
  sigma: Sigma,
  calculator: Calculator,
  trophy: Trophy,
  'table-properties': TableProperties,
  'git-merge': GitMerge,
  merge: Merge,
  'circle-minus': CircleMinus,
  send: Send,
  split: Split,
  'list-ordered': ListOrdered,
};

export function NodeIcon({ name, ...props }: { name: string } & LucideProps) {
  const Icon = ICONS[name] ?? CircleDashed;
  return <Icon aria-hidden {...props} />;
}
