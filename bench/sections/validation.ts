import { describeSource, openDatabase, validateWorkflow, type SourceFacts, type WorkflowInput } from '../../packages/engine/src/node.ts';
import type { BenchDataset } from '../data.ts';
import type { Figures } from '../figures.ts';
import { diamondChain, generatedDocument } from '../generated-documents.ts';
import { progress, summarize, trackPeakRss } from '../measure.ts';

const GOAL_MS = 20;

/**
 * Times `validateWorkflow` with the sources' columns known (as the server
 * has them from its cache), so every node's schema is inferred, not just
 * the document's shape checked.
 */
export async function validationSection(figures: Figures, dataset: BenchDataset, repetitions: number): Promise<void> {
  progress('validation');
  const peak = trackPeakRss();
  const sources = await sourceFacts(dataset);
  const cases: [string, WorkflowInput, boolean][] = [
    ['validate: 200 nodes', generatedDocument(200), false],
    ['validate: 2,000 nodes', generatedDocument(2000), true],
    ['validate: chain of 30 diamonds', diamondChain(30), false],
  ];
  for (const [name, document, hasGoal] of cases) {
    const problems = validateWorkflow(document, { sources });
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length) throw new Error(`${name}: the generated document is invalid: ${JSON.stringify(errors.slice(0, 3))}`);
    for (let i = 0; i < 3; i++) validateWorkflow(document, { sources }); // warm-up: JIT, zod schemas
    const samples: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      const started = performance.now();
      validateWorkflow(document, { sources });
      samples.push(performance.now() - started);
    }
    const summary = summarize(samples);
    figures.time(name, summary, {
      goal: hasGoal ? { text: `< ${GOAL_MS} ms`, met: summary.median < GOAL_MS } : undefined,
      note: `${document.nodes.length} nodes, ${document.edges?.length ?? 0} edges, sources' columns known`,
    });
  }
  figures.add('peak RSS: validation', peak(), 'MB');
}

async function sourceFacts(dataset: BenchDataset): Promise<Record<string, SourceFacts>> {
  const database = await openDatabase();
  const connection = await database.connect();
  try {
    return {
      customers: await describeSource(connection, { format: 'parquet', path: dataset.customersPath, key: 'customer_id' }, dataset.customersPath),
      events: await describeSource(connection, { format: 'parquet', path: dataset.eventsPath, key: 'customer_id' }, dataset.eventsPath),
    };
  } finally {
    connection.closeSync();
    database.close();
  }
}
