import { dirname } from 'node:path';
import type { Sql, WorkflowInput } from '../packages/engine/src/node.ts';
import type { BenchDataset } from './data.ts';
import { handSegmentsSql } from './hand-sql.ts';
import { heldOutSegmentsSql } from './held-out-sql.ts';
import { countriesPath, HELD_OUT_SEGMENTS, heldOutWorkflow, writeCountries } from './held-out-workflow.ts';
import { marketerSegmentsSql } from './marketer-sql.ts';
import { MARKETER_SEGMENTS, marketerWorkflow } from './marketer-workflow.ts';
import { AS_OF, referenceWorkflow, SEGMENTS } from './reference-workflow.ts';

/** A reference workflow with the hand-written statement that makes the same segments. */
export interface BenchReference {
  name: string;
  document: WorkflowInput;
  handSql: Sql;
  segments: readonly string[];
}

/** The reference workflows over one dataset, delivering to `outputs` when run. */
export async function benchReferences(dataset: BenchDataset, outputs: string): Promise<BenchReference[]> {
  const countries = await writeCountries(countriesPath(dirname(dataset.customersPath)));
  const paths = { customers: dataset.customersPath, events: dataset.eventsPath };
  return [
    { name: 'reference', document: referenceWorkflow({ ...paths, outputs }), handSql: handSegmentsSql(paths, AS_OF), segments: SEGMENTS },
    { name: 'held-out', document: heldOutWorkflow({ ...paths, countries, outputs }), handSql: heldOutSegmentsSql({ ...paths, countries }, AS_OF), segments: HELD_OUT_SEGMENTS },
    { name: 'marketer', document: marketerWorkflow({ ...paths, outputs }), handSql: marketerSegmentsSql(paths, AS_OF), segments: MARKETER_SEGMENTS },
  ];
}

/** The output node making each segment. */
export function outputsBySegment(document: WorkflowInput): Map<string, string> {
  return new Map(document.nodes.filter((n) => n.kind === 'output').map((n) => [String((n.config as { segment: string }).segment), n.id]));
}
