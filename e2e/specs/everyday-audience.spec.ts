import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { datasetsDir, expect, test } from '../fixtures/test.ts';
import type { EditorPage } from '../pages/editor.page.ts';

const AS_OF = '2024-07-01';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const format = (n: number) => new Intl.NumberFormat('en-US').format(n);
const purchase = { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'purchase' }] };

/** The document the browser saved, run by the CLI beside copies of the datasets: the reference count. */
function cliCount(document: unknown, segment: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'segflow-cli-'));
  writeFileSync(join(dir, 'audience.json'), JSON.stringify(document));
  for (const f of readdirSync(datasetsDir)) if (f.endsWith('.csv')) copyFileSync(join(datasetsDir, f), join(dir, f));
  const out = execFileSync('pnpm', ['-s', 'segflow', 'run', join(dir, 'audience.json'), '--as-of', AS_OF, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  const result = JSON.parse(out.slice(out.indexOf('{')));
  expect(result.status).toBe('succeeded');
  return result.segments[segment].count;
}

/** The inspector as a marketer sees it, at two window sizes, with the row just built in view. */
async function shoot(page: Page, editor: EditorPage, name: string, testInfo: Parameters<EditorPage['screenshot']>[1], row: Locator) {
  await row.scrollIntoViewIfNeeded();
  await editor.screenshot(`${name}-1440x900`, testInfo);
  await page.setViewportSize({ width: 1024, height: 768 });
  await row.scrollIntoViewIfNeeded();
  await editor.screenshot(`${name}-1024x768`, testInfo);
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Waits for the canvas to stop moving (Fit View animates), so a drag starts where the handle is. */
async function settled(node: Locator) {
  let last = '';
  await expect.poll(async () => {
    const box = JSON.stringify(await node.boundingBox());
    const still = box === last;
    last = box;
    return still;
  }, { intervals: [100] }).toBe(true);
}

/** Types as a person does, key by key, after clearing the box. */
async function typeInto(page: Page, box: ReturnType<Page['getByRole']>, text: string) {
  await box.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(text);
}

test('builds the everyday audience in three rows: spent over 500 in a year, no purchase in 60 days, has an email', async ({ page, workflows, editor }, testInfo) => {
  test.setTimeout(120_000);
  await workflows.open();
  await workflows.create(`Everyday audience ${Date.now().toString(36)}`);
  await page.getByRole('textbox', { name: 'As of date' }).fill(AS_OF);

  await editor.dragFromPalette('Profiles', { x: 140, y: 100 });
  await editor.inspector.getByRole('combobox', { name: 'Dataset' }).selectOption('customers.csv');
  await editor.dragFromPalette('Events', { x: 140, y: 320 });
  await editor.inspector.getByRole('combobox', { name: 'Dataset' }).selectOption('orders.csv');
  await editor.dragFromPalette('Filter', { x: 460, y: 180 });
  await editor.dragFromPalette('Segment output', { x: 760, y: 180 });
  await editor.connect('source_1', 'filter_1');
  await editor.connect('events_1', 'filter_1', 'events');
  await editor.connect('filter_1', 'output_1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);

  await editor.select('filter_1');
  const builder = editor.inspector.locator('.rule-builder');
  const addRule = (name: string) => builder.getByRole('group', { name: 'Add a rule' }).first().getByRole('button', { name, exact: true }).click();

  // 1. Spent more than 500 on purchases in the last 365 days.
  await addRule('Total / average');
  const spent = builder.getByTestId('behaviour-rule').nth(0);
  await expect(spent.getByRole('combobox', { name: 'What they did' })).toHaveValue('sum');
  await expect(spent.getByRole('combobox', { name: 'Event amount' })).toHaveValue('amount');
  await expect(spent.getByRole('combobox', { name: 'Event', exact: true }).locator('option', { hasText: /^purchase \(\d[\d,]*\)$/ })).toHaveCount(1);
  await spent.getByRole('combobox', { name: 'Event', exact: true }).selectOption('purchase');
  await expect(spent.getByRole('spinbutton', { name: 'Days' })).toHaveValue('365');
  await typeInto(page, spent.getByRole('spinbutton', { name: 'Value' }), '500');
  await shoot(page, editor, '01-total-rule', testInfo, spent);

  // 2. Has not purchased in the last 60 days.
  await addRule('Did / did not');
  const quiet = builder.getByTestId('behaviour-rule').nth(1);
  await quiet.getByRole('combobox', { name: 'What they did' }).selectOption('didNot');
  await quiet.getByRole('combobox', { name: 'Event', exact: true }).selectOption('purchase');
  await typeInto(page, quiet.getByRole('spinbutton', { name: 'Days' }), '60');
  await shoot(page, editor, '02-did-not-rule', testInfo, quiet);

  // 3. Has an email.
  await addRule('Rule');
  const hasEmail = builder.getByTestId('rule-row').last();
  await hasEmail.getByRole('combobox', { name: 'Field' }).selectOption('email');
  await hasEmail.getByRole('combobox', { name: 'Operator' }).selectOption('notNull');

  await expect(editor.inspector.getByTestId('filter-summary')).toHaveText(
    'Customers whose total amount of purchase events in the last 365 days is more than 500 and who did not purchase in the last 60 days and whose email is not empty.',
  );
  await editor.expectSaved();
  const workflowId = page.url().split('/workflows/')[1];
  const saved = await (await page.request.get(`/api/workflows/${workflowId}`)).json();
  const filter = saved.document.nodes.find((n: { id: string }) => n.id === 'filter_1');
  expect(filter.config.condition.rules).toMatchObject([
    { behavior: { fn: 'sum', column: 'amount', where: purchase, withinDays: 365 }, operator: '>', value: 500 },
    { behavior: { fn: 'count', where: purchase, withinDays: 60 }, operator: 'didNot' },
    { field: 'email', operator: 'notNull' },
  ]);
  const output = saved.document.nodes.find((n: { id: string }) => n.id === 'output_1');
  const expected = cliCount(saved.document, output.config.segment);
  expect(expected).toBeGreaterThan(0);
  await expect(editor.count('filter_1')).toHaveText(format(expected));
  await expect(editor.count('output_1')).toHaveText(format(expected));
  // Beside each row: how many pass it alone and how many remain; the last is the filter's count.
  const counts = builder.getByTestId('rule-counts');
  await expect(counts).toHaveCount(3);
  await expect(counts.nth(2)).toContainText(`${format(expected)} remain`);
  await shoot(page, editor, '03-everyday-audience', testInfo, counts.nth(2));

  // A sequence row for the screenshots: put in a cart in the last 7 days, then did not purchase within 2 days.
  await addRule('Did … then …');
  const sequence = builder.getByTestId('sequence-rule');
  await sequence.getByRole('combobox', { name: 'First event' }).selectOption('add_to_cart');
  await sequence.getByRole('combobox', { name: 'Next event' }).selectOption('purchase');
  await shoot(page, editor, '04-sequence-rule', testInfo, sequence);
  await sequence.getByRole('button', { name: 'Remove rule' }).click();
  await expect(editor.count('output_1')).toHaveText(format(expected));
});

test('splits customers into groups that add up to 100, with an output per group, and orders audiences by priority', async ({ page, workflows, editor }, testInfo) => {
  await workflows.open();
  await workflows.create(`Experiment ${Date.now().toString(36)}`);
  await editor.dragFromPalette('Profiles', { x: 120, y: 200 });
  await editor.inspector.getByRole('combobox', { name: 'Dataset' }).selectOption('customers.csv');
  await editor.dragFromPalette('Split', { x: 360, y: 200 });
  await editor.connect('source_1', 'split_1');

  await editor.select('split_1');
  const total = editor.inspector.getByTestId('split-total');
  await expect(total).toHaveText('Total 100%');
  await typeInto(page, editor.inspector.getByRole('spinbutton', { name: 'Group 1 percent' }), '45');
  await expect(total).toHaveText('Total 55%: 45% still to give out');
  await expect(editor.inspector.getByRole('button', { name: 'Add an output per group' })).toBeDisabled();
  await editor.inspector.getByRole('button', { name: 'Group', exact: true }).click();
  await expect(total).toHaveText('Total 100%');
  await shoot(page, editor, '05-split-groups', testInfo, total);

  await editor.inspector.getByRole('button', { name: 'Add an output per group' }).click();
  await expect(editor.nodesOfKind('output')).toHaveCount(3);
  const counts = await Promise.all(['filter_1', 'filter_2', 'filter_3'].map(async (id) => {
    await expect(editor.count(id)).toHaveText(/^\d[\d,]*$/);
    return Number((await editor.count(id).innerText()).replace(/,/g, ''));
  }));
  // Every customer is in exactly one group.
  expect(counts.reduce((a, b) => a + b, 0)).toBe(400);

  await editor.dragFromPalette('Priority', { x: 640, y: 470 });
  await editor.canvas.getByRole('button', { name: 'Fit View' }).click();
  await settled(editor.node('priority_1'));
  const edges = page.locator('.react-flow__edge');
  const before = await edges.count();
  await editor.connect('filter_1', 'priority_1');
  await expect(edges).toHaveCount(before + 1);
  await editor.connect('filter_2', 'priority_1');
  await expect(edges).toHaveCount(before + 2);
  await editor.select('priority_1');
  const order = editor.inspector.getByRole('list', { name: 'Priority order' }).getByRole('listitem');
  await expect(order).toHaveText(['1Group test', '2Group holdout']);
  await editor.inspector.getByRole('button', { name: 'Move Group holdout up' }).click();
  await expect(order).toHaveText(['1Group holdout', '2Group test']);
  await expect(editor.count('priority_1')).toHaveText(new Intl.NumberFormat('en-US').format(counts[0] + counts[1]));
  await shoot(page, editor, '06-priority-order', testInfo, order.first());
});
