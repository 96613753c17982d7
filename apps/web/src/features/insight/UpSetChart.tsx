import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../app/format.ts';
import { BAR_COLOR, SET_COLORS } from './colors.ts';
import { regionLabel, type Region } from './overlap-words.ts';

const ROW = 14;

interface TickProps {
  x?: number;
  y?: number;
  payload?: { value: string };
}

/**
 * UpSet's matrix under each bar: one dot per step, filled when the bar's
 * customers are in that step, joined by a line.
 */
function MembershipTick({ x = 0, y = 0, payload, names, regions }: TickProps & { names: string[]; regions: Map<string, Region> }) {
  const region = payload ? regions.get(payload.value) : undefined;
  if (!region) return null;
  const rows = names.map((_, i) => y + 6 + i * ROW);
  const inside = region.sets.map((i) => rows[i]);
  return (
    <g>
      {inside.length > 1 && <line x1={x} x2={x} y1={Math.min(...inside)} y2={Math.max(...inside)} stroke="#25292e" strokeWidth={2} />}
      {rows.map((cy, i) => (
        <circle key={i} cx={x} cy={cy} r={4.5} fill={region.sets.includes(i) ? SET_COLORS[i] : '#dee2e6'} />
      ))}
    </g>
  );
}

/** Four or five steps: a bar per region, largest first, with the membership matrix beneath and the steps named beside it. */
export function UpSetChart({ names, regions }: { names: string[]; regions: Region[] }) {
  const shown = [...regions].filter((r) => r.count > 0).sort((a, b) => b.count - a.count);
  const data = shown.map((r) => ({ key: r.sets.join(','), label: regionLabel(r.sets, names), count: r.count }));
  const byKey = new Map(shown.map((r) => [r.sets.join(','), r]));
  const matrix = 12 + names.length * ROW;
  return (
    <div className="upset" role="img" aria-label={`Overlap chart of ${names.join(', ')}`}>
      <ul className="upset-names" style={{ paddingBottom: matrix - 6 - names.length * ROW - ROW / 2 + 2 }} aria-hidden>
        {names.map((name, i) => (
          <li key={name} style={{ height: ROW, color: SET_COLORS[i] }}>{name}</li>
        ))}
      </ul>
      <div className="upset-plot">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="#e3e3df" />
            <XAxis dataKey="key" interval={0} height={matrix} tickLine={false} tick={<MembershipTick names={names} regions={byKey} />} />
            <YAxis fontSize={11} width={56} tickFormatter={(v: number) => formatCount(v)} allowDecimals={false} />
            <Tooltip formatter={(v) => formatCount(Number(v))} labelFormatter={(key) => byKey.get(String(key)) ? regionLabel(byKey.get(String(key))!.sets, names) : ''} />
            <Bar dataKey="count" name="Customers" fill={BAR_COLOR} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
