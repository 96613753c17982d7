import type { Schema } from '@segflow/engine';
import type { ColumnOption } from '../FieldSelect.tsx';

/** What every kind's form gets: its config, a way to change it, and the columns arriving on each port. */
export interface FormProps {
  nodeId: string;
  kind: string;
  config: Record<string, unknown>;
  /** Merges into the config; `undefined` removes a setting. */
  set: (patch: Record<string, unknown>) => void;
  inputs: Record<string, (Schema | undefined)[]>;
}

export const columnsOf = (schema: Schema | undefined): ColumnOption[] => schema?.columns.map((c) => ({ name: c.name, type: c.type })) ?? [];

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const numberOrUndefined = (text: string): number | undefined => (text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text));
