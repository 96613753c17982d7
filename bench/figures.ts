import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Summary } from './measure.ts';

/** One reported figure, as `bench/results/latest.json` stores it. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The goal in words ("≤ 1.3×"), null for figures reported without one. */
  goal: string | null;
  /** Whether the goal is met; null without a goal. */
  met: boolean | null;
  min?: number;
  max?: number;
  runs?: number;
  /** What was measured, when the name alone does not say. */
  note?: string;
}

export interface FigureOptions {
  goal?: { text: string; met: boolean };
  spread?: Summary;
  note?: string;
}

/** The figures of one bench run, in the order they were measured. */
export class Figures {
  readonly list: Figure[] = [];
  /** Figures not measured in this run, with the reason. */
  readonly skipped: { name: string; reason: string }[] = [];

  skip(name: string, reason: string): void {
    this.skipped.push({ name, reason });
  }

  add(name: string, value: number, unit: string, options: FigureOptions = {}): Figure {
    const { goal, spread, note } = options;
    const figure: Figure = {
      name, value: round(value), unit, goal: goal?.text ?? null, met: goal ? goal.met : null,
      ...(spread ? { min: round(spread.min), max: round(spread.max), runs: spread.runs } : {}),
      ...(note ? { note } : {}),
    };
    this.list.push(figure);
    return figure;
  }

  /** A timing summary as a figure: the median, with min and max. */
  time(name: string, summary: Summary, options: Omit<FigureOptions, 'spread'> = {}): Figure {
    return this.add(name, summary.median, 'ms', { ...options, spread: summary });
  }

  get missed(): Figure[] {
    return this.list.filter((f) => f.met === false);
  }
}

function round(v: number): number {
  if (Math.abs(v) >= 100) return Math.round(v);
  if (Math.abs(v) >= 10) return Math.round(v * 10) / 10;
  return Math.round(v * 100) / 100;
}

const status = (f: Figure) => (f.met === null ? '' : f.met ? 'met' : 'MISSED');
const spread = (f: Figure) => (f.min === undefined ? '' : `${f.min}–${f.max} (${f.runs})`);

/** The figures as a fixed-width text table: name, value, min–max (runs), goal, met / MISSED. */
export function figureTable(figures: readonly Figure[]): string {
  const rows = [['figure', 'value', 'min–max (runs)', 'goal', ''], ...figures.map((f) => [f.name, `${f.value} ${f.unit}`, spread(f), f.goal ?? '', status(f)])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The same figures as a Markdown table. */
export function figureMarkdown(figures: readonly Figure[]): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  return [
    '| figure | value | min–max (runs) | goal | |',
    '|---|---:|---|---|---|',
    ...figures.map((f) => `| ${cell(f.name)} | ${f.value} ${f.unit} | ${spread(f)} | ${cell(f.goal ?? '')} | ${f.met === false ? '**MISSED**' : status(f)} |`),
  ].join('\n');
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

export const resultsPath = (benchDir: string) => join(benchDir, 'results', 'latest.json');
