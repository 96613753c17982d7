import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoWorkflows } from '../demo/demo-workflows.ts';
import { runWorkflow } from '../duckdb/run-workflow.ts';
import { generateDataset } from '../generate/index.ts';
import { formatRunTable } from './run-table.ts';

/**
 * Generates demo data (once), writes the three demo workflows beside it and runs
 * each, printing its table: Segflow end to end without a server.
 */
export async function runDemo({ customers, out }: { customers: number; out: string }): Promise<number> {
  const dataDir = join(out, 'datasets');
  if (!existsSync(join(dataDir, 'customers.parquet'))) {
    process.stderr.write(`Generating ${customers.toLocaleString('en-US')} demo customers and their events in ${dataDir} …\n`);
    await generateDataset({ customers, outDir: dataDir });
  }
  const paths = { customers: 'datasets/customers.parquet', events: 'datasets/events.parquet', outputs: 'outputs' };
  let worst = 0;
  for (const workflow of demoWorkflows(paths)) {
    const file = join(out, `${(workflow.name ?? 'workflow').toLowerCase().replaceAll(' ', '-')}.json`);
    await mkdir(out, { recursive: true });
    await writeFile(file, `${JSON.stringify(workflow, null, 2)}\n`);
    process.stdout.write(`\n== ${workflow.name ?? ''} (${file})\n`);
    const result = await runWorkflow(workflow, { resolvePath: (p) => join(out, p) });
    if (!result.state) {
      process.stdout.write(`${result.problems.map((p) => `${p.code} ${p.nodeId ?? ''}: ${p.message}`).join('\n')}\n`);
      worst = 1;
      continue;
    }
    process.stdout.write(`${formatRunTable(result.state, new Map(workflow.nodes.map((n) => [n.id, n.kind])))}\n`);
    if (result.state.status !== 'succeeded') worst = 1;
  }
  return worst;
}
