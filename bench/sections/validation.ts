import { describeSource, openDatabase, validateWorkflow, type SourceFacts, type WorkflowInput } from '../../packages/engine/src/node.ts';
import type { BenchDataset } from '../data.ts';
import type { Figures } from '../figures.ts';
import { diamondChain, generatedDocument, withOneEdit } from '../generated-documents.ts';
import { progress, summarize, trackPeakRss } from '../measure.ts';
import { variedDocument } from '../varied-documents.ts';

const GOAL_MS = 20;

/**
 * Times `validateWorkflow` with the sources' columns known (as the server has
 * them from its cache), so every node's schema is inferred, not just the
 * document's shape checked. At 2,000 nodes, three situations:
 * - editor: after a one-node edit, the other node objects unchanged (the web
 *   app validates its own store like this as the marketer edits: the latency
 *   the goal is about);
 * - server: after a one-node edit, the document fresh from JSON (a request
 *   body: no object is the one seen before, the contents mostly are; the
 *   goal holds here too, with nothing remembered);
 * - first sight: a document none of whose settings were seen before.
 */
export async function validationSection(figures: Figures, dataset: BenchDataset, repetitions: number): Promise<void> {
  progress('validation');
  const peak = trackPeakRss();
  const sources = await sourceFacts(dataset);
  const validate = (document: WorkflowInput, remember: boolean) => {
    // Sources are known by node id: a varied document names its own.
    const [customers, events] = document.nodes;
    const known = customers.id === 'customers' ? sources : { [customers.id]: sources.customers, [events.id]: sources.events };
    const errors = validateWorkflow(document, { sources: known, remember }).filter((p) => p.severity === 'error');
    if (errors.length) throw new Error(`the generated document is invalid: ${JSON.stringify(errors.slice(0, 3))}`);
  };
  const big = generatedDocument(2000);
  // The last field: the editor's way, node objects kept between calls and remembered by validation.
  const cases: [string, (i: number) => WorkflowInput, boolean, string, boolean][] = [
    ['validate: 200 nodes, after a one-node edit (editor)', edits(generatedDocument(200)), false, 'node objects kept', true],
    ['validate: 2,000 nodes, after a one-node edit (editor)', edits(big), true, 'node objects kept', true],
    ['validate: 2,000 nodes, after a one-node edit, fresh from JSON (server)', (i) => JSON.parse(JSON.stringify(withOneEdit(big, i))), true, 'a new object for every node', false],
    ['validate: 2,000 nodes, first sight', (i) => generatedDocument(2000, 1000 + i), false, 'no setting seen before', false],
    [
      'validate: 2,000 nodes, a different document each time, fresh from JSON (server)',
      (i) => JSON.parse(JSON.stringify(variedDocument(2000, 5000 + i))) as WorkflowInput, true,
      'every document its own seed: other ids, shapes, functions, settings, labels and positions (bench/varied-documents.ts), as from many editors', false,
    ],
    ['validate: chain of 30 diamonds', edits(diamondChain(30)), false, '2^30 paths, 91 nodes', true],
  ];
  for (const [name, documentFor, hasGoal, note, remember] of cases) {
    for (let i = 0; i < 3; i++) validate(documentFor(-1 - i), remember); // warm-up: JIT, zod schemas
    const samples: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      const document = documentFor(i); // made outside the timing, as a request body is parsed before
      const started = performance.now();
      validate(document, remember);
      samples.push(performance.now() - started);
    }
    const summary = summarize(samples);
    figures.time(name, summary, { goal: hasGoal ? { text: `< ${GOAL_MS} ms`, met: summary.median < GOAL_MS } : undefined, note: `${note}, sources' columns known` });
  }
  figures.add('peak RSS: validation', peak(), 'MB');
}

/** Documents after successive one-node edits of `document`; a diamond chain has no top filter and stays as it is. */
function edits(document: WorkflowInput): (i: number) => WorkflowInput {
  return (i) => (document.nodes.some((n) => n.id.endsWith('_top')) ? withOneEdit(document, i) : document);
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
