import { LabelList, ReferenceDot, Scatter, ScatterChart, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../app/format.ts';
import { SET_COLORS } from './colors.ts';
import type { Region } from './overlap-words.ts';
import { vennLayout } from './venn-layout.ts';

const WIDTH = 330;
const HEIGHT = 220;

/** A point of the drawing that carries a text: a step's name or a region's count. */
interface Caption {
  x: number;
  y: number;
  text: string;
}

/** A caption's text as one line: recharts' own labels wrap to the width of a point, which is none. */
function captionOf(color: string, size: number) {
  return function CaptionText(props: { x?: number | string; y?: number | string; value?: unknown }) {
    return (
      <text x={Number(props.x)} y={Number(props.y)} dy="0.35em" textAnchor="middle" fill={color} fontSize={size} fontWeight={600}>
        {String(props.value ?? '')}
      </text>
    );
  };
}

/** Two or three steps as overlapping circles, each region with its count (layout: vennLayout). */
export function VennChart({ names, regions }: { names: string[]; regions: Region[] }) {
  const layout = vennLayout(names.length === 2 ? 2 : 3, WIDTH, HEIGHT);
  const counts: Caption[] = regions.flatMap((r) => {
    const at = layout.regions[r.sets.join(',')];
    return at ? [{ ...at, text: formatCount(r.count) }] : [];
  });
  return (
    <ScatterChart width={WIDTH} height={HEIGHT} margin={{ top: 0, right: 0, bottom: 0, left: 0 }} role="img" aria-label={`Venn diagram of ${names.join(', ')}`}>
      <XAxis type="number" dataKey="x" domain={[0, WIDTH]} hide />
      <YAxis type="number" dataKey="y" domain={[0, HEIGHT]} hide reversed />
      {layout.circles.map((c, i) => (
        <ReferenceDot key={i} x={c.x} y={c.y} r={layout.radius} fill={SET_COLORS[i]} fillOpacity={0.16} stroke={SET_COLORS[i]} strokeWidth={2} ifOverflow="visible" />
      ))}
      {layout.circles.map((c, i) => (
        <Scatter key={`name-${i}`} data={[{ x: c.nameX, y: c.nameY, text: names[i] }]} shape={() => null} isAnimationActive={false}>
          <LabelList dataKey="text" content={captionOf(SET_COLORS[i], 12)} />
        </Scatter>
      ))}
      <Scatter data={counts} shape={() => null} isAnimationActive={false}>
        <LabelList dataKey="text" content={captionOf('#25292e', 13)} />
      </Scatter>
    </ScatterChart>
  );
}
