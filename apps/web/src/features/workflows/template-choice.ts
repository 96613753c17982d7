import { buildFromTemplate, offerTemplates, type TemplateDataset, type TemplateOffer, type WorkflowInput } from '@segflow/engine';
import type { Dataset } from '../../api/datasets.queries.ts';

/** The datasets a template can read: those the server could read, as the engine's templates see them. */
export const readableDatasets = (datasets: readonly Dataset[]): Dataset[] => datasets.filter((d) => !d.error && d.columns.length > 0);

export const asTemplateDataset = (d: Dataset): TemplateDataset => ({ path: d.name, format: d.format, columns: d.columns });

const hasTime = (d: Dataset) => d.columns.some((c) => c.type === 'date' || c.type === 'timestamp');

/**
 * The datasets picked at first: profiles by name (customers, profiles, users),
 * events by name (events, orders) or else the first with a date column
 * besides the profiles.
 */
export function defaultPicks(datasets: readonly Dataset[]): { profiles?: string; events?: string } {
  const named = (pattern: RegExp, except?: string) => datasets.find((d) => d.name !== except && pattern.test(d.name))?.name;
  const profiles = named(/customer|profile|user|contact|member/i) ?? datasets[0]?.name;
  const events =
    named(/event|order|purchase|transaction|activit/i, profiles) ?? datasets.find((d) => d.name !== profiles && hasTime(d))?.name ?? datasets.find((d) => d.name !== profiles)?.name ?? profiles;
  return { profiles, events };
}

/** What the dialog offers for the two datasets picked (none until both are). */
export function offersFor(datasets: readonly Dataset[], profiles?: string, events?: string): TemplateOffer[] {
  const p = datasets.find((d) => d.name === profiles);
  const e = datasets.find((d) => d.name === events);
  return p && e ? offerTemplates(asTemplateDataset(p), asTemplateDataset(e)) : [];
}

/** The new workflow's document from the chosen template and datasets; undefined for a blank one. */
export function templateDocument(datasets: readonly Dataset[], choice: { templateId: string | null; profiles?: string; events?: string }, name: string): WorkflowInput | undefined {
  if (!choice.templateId) return undefined;
  const offer = offersFor(datasets, choice.profiles, choice.events).find((o) => o.template.id === choice.templateId);
  if (!offer?.available) return undefined;
  const p = datasets.find((d) => d.name === choice.profiles)!;
  const e = datasets.find((d) => d.name === choice.events)!;
  return buildFromTemplate(offer, name, asTemplateDataset(p), asTemplateDataset(e));
}
