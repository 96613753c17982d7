import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './run-helpers.ts';
import { startReceiver } from './destinations/receiver.ts';
import { DATASETS, EXAMPLES } from './shared-paths.ts';

const ENGINE = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `segflow ARGS` as a user would, from the engine folder. */
const cli = (...args: string[]) => cliWith({}, ...args);

function cliWith(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ENGINE, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Parses stdout, which must hold exactly one JSON value and nothing else. */
function onlyJson(result: CliResult): Record<string, unknown> {
  const value = JSON.parse(result.stdout);
  expect(typeof value).toBe('object');
  expect(Array.isArray(value)).toBe(false);
  return value;
}

let folder: string;

beforeAll(() => {
  // The spec's examples beside the datasets, in a folder that is not the working directory.
  folder = tempDir('segflow-cli-');
  for (const f of readdirSync(EXAMPLES)) if (f.endsWith('.json')) copyFileSync(join(EXAMPLES, f), join(folder, f));
  for (const f of readdirSync(DATASETS)) copyFileSync(join(DATASETS, f), join(folder, f));
  const winback = JSON.parse(readFileSync(join(folder, 'winback.json'), 'utf8'));
  const broken = structuredClone(winback);
  broken.nodes.find((n: { id: string }) => n.id === 'loyal').config.condition.rules[0].field = 'orders_count';
  writeFileSync(join(folder, 'broken.json'), JSON.stringify(broken));
  const missing = structuredClone(winback);
  missing.nodes.find((n: { id: string }) => n.id === 'orders').config.path = 'no_such_orders.csv';
  writeFileSync(join(folder, 'missing-source.json'), JSON.stringify(missing));
  const dangling = structuredClone(winback);
  dangling.nodes.push({ id: 'unused', kind: 'filter', config: { condition: { combinator: 'and', rules: [] } } });
  dangling.edges.push({ source: 'customers', target: 'unused' });
  writeFileSync(join(folder, 'dangling.json'), JSON.stringify(dangling));
  writeFileSync(join(folder, 'not-json.json'), '{ "schemaVersion": 1, nodes: [ oops');
});

describe.concurrent('segflow run --json', () => {
  it('prints exactly one JSON object with integer counts and exits 0', async () => {
    const result = await cli('run', join(folder, 'winback.json'), '--as-of', '2022-06-30', '--mode', 'hybrid', '--partitions', '2', '--json');
    expect(result.code, result.stderr).toBe(0);
    const out = onlyJson(result) as {
      status: string; mode: string; nodes: Record<string, { status: string; rows: number; ms: number }>; segments: Record<string, { count: number; path: string }>;
    };
    expect(out.status).toBe('succeeded');
    expect(out.mode).toBe('hybrid');
    expect(out.segments.winback.count).toBe(1927);
    expect(Number.isInteger(out.segments.winback.count)).toBe(true);
    expect(existsSync(out.segments.winback.path)).toBe(true);
    // Relative destinations resolve against the document's folder.
    expect(resolve(out.segments.winback.path)).toBe(join(folder, 'out/winback.csv'));
    expect(Object.keys(out.nodes).sort()).toEqual(['big', 'customers', 'l', 'loyal', 'n', 'orders', 'out_winback', 'recent', 's', 'u', 'x']);
    for (const [id, n] of Object.entries(out.nodes)) {
      expect(['succeeded', 'warning'], id).toContain(n.status);
      expect(Number.isInteger(n.rows), `${id}.rows`).toBe(true);
      expect(Number.isInteger(n.ms), `${id}.ms`).toBe(true);
    }
  }, 60_000);

  it('gives the same count in sequential mode', async () => {
    const result = await cli('run', join(folder, 'couples_no_kids.json'), '--mode', 'sequential', '--json');
    expect(result.code, result.stderr).toBe(0);
    const out = onlyJson(result) as { mode: string; segments: Record<string, { count: number }> };
    expect(out.mode).toBe('sequential');
    expect(out.segments.couples_no_kids.count).toBe(822);
  }, 60_000);

  it('reports a document with problems as one JSON object with status failed and exits 1', async () => {
    const result = await cli('run', join(folder, 'missing-source.json'), '--json');
    expect(result.code).toBe(1);
    const out = onlyJson(result) as { status: string; problems?: { code: string }[] };
    expect(out.status).toBe('failed');
  }, 60_000);
});

describe('segflow run with named credentials', () => {
  const withDestination = (file: string, destination: Record<string, unknown>) => {
    const document = JSON.parse(readFileSync(join(folder, 'couples_no_kids.json'), 'utf8'));
    for (const n of document.nodes) if (n.kind === 'output') n.config.destination = destination;
    writeFileSync(join(folder, file), JSON.stringify(document));
    return join(folder, file);
  };

  it('sends a header secret from SEGFLOW_SECRETS to an address SEGFLOW_DESTINATION_ALLOW permits', async () => {
    const receiver = await startReceiver();
    try {
      const file = withDestination('secret-hook.json', { type: 'webhook', url: receiver.url, batchSize: 1000, headers: { Authorization: { secret: 'crm_token' } } });
      const result = await cliWith({ SEGFLOW_SECRETS: '{"crm_token": "Bearer cli-123"}', SEGFLOW_DESTINATION_ALLOW: '127.0.0.1/32' }, 'run', file, '--json');
      expect(result.code, result.stderr).toBe(0);
      expect(receiver.requests.map((r) => r.headers.authorization)).toEqual(['Bearer cli-123']);
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('fails the output, naming the connection, when SEGFLOW_CONNECTIONS lacks it', async () => {
    const file = withDestination('named-db.json', { type: 'postgres', connection: 'crm_db', table: 'couples' });
    const result = await cliWith({ SEGFLOW_CONNECTIONS: '{"other_db": "postgres://app@db.example.com/crm"}' }, 'run', file, '--json');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/There is no database connection named \\"crm_db\\"/);
  }, 60_000);
});

describe.concurrent('segflow run without --json', () => {
  it('prints a per-node table', async () => {
    const result = await cli('run', join(folder, 'top_income.json'), '--mode', 'parallel', '--partitions', '2');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/node\s+kind\s+status\s+rows/);
    expect(result.stdout).toContain('top_income');
  }, 60_000);
});

describe.concurrent('segflow validate', () => {
  it('prints ok true and exits 0 for a good document', async () => {
    const result = await cli('validate', join(folder, 'winback.json'));
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result)).toMatchObject({ ok: true });
  }, 60_000);

  it('prints ok true with the warnings and exits 0 when no problem is an error', async () => {
    const result = await cli('validate', join(folder, 'dangling.json'));
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result)).toEqual({ ok: true, problems: [expect.objectContaining({ severity: 'warning', code: 'disconnected', nodeId: 'unused' })] });
  }, 60_000);

  it('prints ok false with the problems and exits 1 for a broken document', async () => {
    const result = await cli('validate', join(folder, 'broken.json'));
    expect(result.code).toBe(1);
    const out = onlyJson(result) as { ok: boolean; problems: { code: string; nodeId?: string; field?: string; severity: string }[] };
    expect(out.ok).toBe(false);
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'error', code: 'unknown_field', nodeId: 'loyal', field: 'orders_count' })]);
  }, 60_000);

  it('reports an unreadable source as unreadable_source on its node', async () => {
    const result = await cli('validate', join(folder, 'missing-source.json'));
    expect(result.code).toBe(1);
    const out = onlyJson(result) as { ok: boolean; problems: { code: string; nodeId?: string }[] };
    expect(out.ok).toBe(false);
    expect(out.problems).toContainEqual(expect.objectContaining({ code: 'unreadable_source', nodeId: 'orders' }));
  }, 60_000);

  it('reports a file that is not JSON as invalid_document', async () => {
    const result = await cli('validate', join(folder, 'not-json.json'));
    expect(result.code).toBe(1);
    const out = onlyJson(result) as { ok: boolean; problems: { code: string }[] };
    expect(out).toMatchObject({ ok: false });
    expect(out.problems.map((p) => p.code)).toEqual(['invalid_document']);
  }, 60_000);
});

describe.concurrent('usage errors', () => {
  it.each([
    ['an unknown flag', ['run', 'winback.json', '--bogus']],
    ['an unknown mode', ['run', 'winback.json', '--mode', 'turbo']],
    ['a malformed as-of date', ['run', 'winback.json', '--as-of', '30/06/2022']],
    ['an unknown command', ['explode']],
  ])('exit 2 for %s, with nothing on stdout', async (_, args) => {
    const result = await cli(...args.map((a) => (a.endsWith('.json') ? join(folder, a) : a)));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('usage');
  }, 60_000);
});
