import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetsDir, expect, test } from '../fixtures/test.ts';

const STEPS = 40;

/** The fixture customers, then `STEPS` filters in a row, each keeping a higher income (1,000 more per step), then an output. */
function deepDocument(name: string) {
  const filters = Array.from({ length: STEPS }, (_, i) => ({
    id: `step_${i + 1}`, kind: 'filter', label: `Income over ${i + 1},000`,
    config: { condition: { combinator: 'and', rules: [{ field: 'income', operator: '>', value: (i + 1) * 1000 }] } },
  }));
  const ids = ['customers', ...filters.map((f) => f.id), 'out'];
  return {
    schemaVersion: 1, name,
    nodes: [
      { id: 'customers', kind: 'source', label: 'Customers', config: { format: 'csv', path: 'customers.csv', key: 'customer_id' } },
      ...filters,
      { id: 'out', kind: 'output', label: 'High earners', config: { segment: 'high_earners', destination: { type: 'csv', path: 'high-earners.csv' } } },
    ],
    edges: ids.slice(1).map((target, i) => ({ source: ids[i], target })),
  };
}

/** Customers in the fixture file earning more than the last step asks. */
function highEarners(): number {
  const [header, ...rows] = readFileSync(join(datasetsDir, 'customers.csv'), 'utf8').trim().split('\n');
  const income = header.split(',').indexOf('income');
  return rows.filter((row) => Number(row.split(',')[income]) > STEPS * 1000).length;
}

// Counts were once remembered under text that nested every earlier step's text,
// growing fourfold per step: the tab ran out of memory and died as they arrived.
test('a workflow 40 steps deep shows its counts and the tab stays alive', async ({ page, request, editor }, testInfo) => {
  let crashed = false;
  page.on('crash', () => (crashed = true));
  const name = `Deep workflow ${Date.now().toString(36)}`;
  const created = await request.post('/api/workflows', { data: { name, document: deepDocument(name) } });
  expect(created.ok()).toBe(true);
  await editor.open((await created.json()).id);

  await expect(editor.count('out')).toHaveText(String(highEarners()));
  await expect(editor.count('step_1')).toBeVisible();
  // The page still answers once the counts are in.
  await expect(editor.canvas).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(STEPS + 2);
  expect(crashed).toBe(false);
  await editor.screenshot('01-deep-workflow-counted', testInfo);
});
