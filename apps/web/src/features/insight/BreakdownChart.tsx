import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../app/format.ts';
import type { Bar as BarRow } from './breakdown-bars.ts';
import { BAR_COLOR, EXTRA_BAR_COLOR } from './colors.ts';

/**
 * Values as horizontal bars (their names need the room), ranges of numbers
 * and dates as a histogram read left to right.
 */
export function BreakdownChart({ bars, histogram, noun }: { bars: BarRow[]; histogram: boolean; noun: string }) {
  const tooltip = <Tooltip formatter={(v) => [formatCount(Number(v)), noun]} cursor={{ fill: '#f1f3f5' }} />;
  const cells = bars.map((b) => <Cell key={b.label} fill={b.extra ? EXTRA_BAR_COLOR : BAR_COLOR} />);
  if (histogram)
    return (
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} barCategoryGap={1}>
          <CartesianGrid vertical={false} stroke="#e3e3df" />
          <XAxis dataKey="label" fontSize={11} tickLine={false} interval="preserveStartEnd" />
          <YAxis fontSize={11} width={56} tickFormatter={(v: number) => formatCount(v)} allowDecimals={false} />
          {tooltip}
          <Bar dataKey="count" isAnimationActive={false}>{cells}</Bar>
        </BarChart>
      </ResponsiveContainer>
    );
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 48, bottom: 0, left: 0 }} barCategoryGap={3}>
        <CartesianGrid horizontal={false} stroke="#e3e3df" />
        <XAxis type="number" fontSize={11} tickFormatter={(v: number) => formatCount(v)} allowDecimals={false} />
        <YAxis type="category" dataKey="label" fontSize={11} width={140} interval={0} tickLine={false} />
        {tooltip}
        <Bar dataKey="count" isAnimationActive={false} label={{ position: 'right', fontSize: 11, formatter: (v: unknown) => formatCount(Number(v)) }}>{cells}</Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
