import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetsDir, expect, test } from '../fixtures/test.ts';

/** Customers with income ≥ threshold, counted straight from the fixture file. */
function customersWithIncome(threshold: number): number {
  const [, ...rows] = readFileSync(join(datasetsDir, 'customers.csv'), 'utf8').trim().split('\n');
  return rows.filter((r) => Number(r.split(',')[2]) >= threshold).length;
}

test('builds a workflow from nothing by drag and drop, with a rule that changes the count', async ({ page, workflows, editor }, testInfo) => {
  const name = `Built by hand ${Date.now().toString(36)}`;
  await workflows.open();
  await workflows.create(name);
  await expect(page.getByRole('toolbar', { name: 'Workflow' }).getByRole('textbox', { name: 'Workflow name' })).toHaveValue(name);
  await expect(page.getByText('Start with your data.')).toBeVisible();
  await editor.screenshot('01-empty-canvas', testInfo);

  // Profiles, from the palette onto the canvas, reading the customers dataset.
  await editor.dragFromPalette('Profiles', { x: 140, y: 120 });
  await expect(editor.node('source_1')).toBeVisible();
  await editor.inspector.getByRole('combobox', { name: 'Dataset' }).selectOption('customers.csv');
  await expect(editor.count('source_1')).toHaveText('400');

  await editor.dragFromPalette('Filter', { x: 440, y: 120 });
  await editor.dragFromPalette('Segment output', { x: 740, y: 120 });
  await editor.connect('source_1', 'filter_1');
  await editor.connect('filter_1', 'output_1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(editor.count('filter_1')).toHaveText('400');
  await editor.screenshot('02-connected', testInfo);

  // A connection that brings the wrong kind of data is refused while dragging, with the reason.
  await editor.dragFromPalette('Events', { x: 140, y: 300 });
  await editor.inspector.getByRole('combobox', { name: 'Dataset' }).selectOption('orders.csv');
  await editor.dragFromPalette('Filter', { x: 440, y: 300 });
  await editor.connect('events_1', 'filter_2');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(page.getByRole('status').filter({ hasText: 'expects customers' })).toBeVisible();
  await editor.screenshot('03-refused-connection', testInfo);

  // A click on a palette item adds the step after the selected one, wired to it, and selects it.
  await editor.select('filter_1');
  await editor.palette.getByRole('button', { name: /^Both \(AND\)/ }).click();
  await expect(editor.node('intersect_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await expect(editor.inspector.getByRole('textbox', { name: 'Step name' })).toHaveAttribute('placeholder', 'Both (AND)');
  await page.keyboard.press('Delete');
  await expect(editor.node('intersect_1')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Select both strays with Ctrl-click and delete them; the graph is as before.
  await editor.select('events_1');
  await editor.node('filter_2').click({ modifiers: ['Control'] });
  await expect(editor.inspector).toContainText('2 steps selected');
  await page.keyboard.press('Delete');
  await expect(editor.node('events_1')).toHaveCount(0);
  await expect(editor.node('filter_2')).toHaveCount(0);

  // A rule through the inspector: income is at least 80,000.
  await editor.select('filter_1');
  await editor.inspector.getByRole('button', { name: 'Rule', exact: true }).click();
  const rule = editor.inspector.getByTestId('rule-row');
  await rule.getByRole('combobox', { name: 'Field' }).selectOption('income');
  await rule.getByRole('combobox', { name: 'Operator' }).selectOption('>=');
  await rule.getByRole('spinbutton', { name: 'Value' }).fill('80000');
  const expected = customersWithIncome(80000);
  await expect(editor.count('filter_1')).toHaveText(new Intl.NumberFormat('en-US').format(expected));
  await expect(editor.node('filter_1')).toContainText('income >= 80000');
  await editor.screenshot('04-rule-configured', testInfo);

  // Undo takes the value back; redo restores it.
  await editor.canvas.click({ position: { x: 600, y: 420 } });
  await page.keyboard.press('Control+z');
  await expect(editor.node('filter_1')).not.toContainText('income >= 80000');
  await page.keyboard.press('Control+Shift+z');
  await expect(editor.node('filter_1')).toContainText('income >= 80000');

  // Copy and paste the output: a second one appears with its own segment name.
  await editor.select('output_1');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(editor.node('output_2')).toBeVisible();
  await expect(editor.node('output_2')).toContainText('my_segment_2');
  await page.keyboard.press('Delete');
  await expect(editor.node('output_2')).toHaveCount(0);

  // Move a node, tidy the layout, and find it all after a reload.
  await editor.moveNode('output_1', { x: 0, y: 120 });
  await editor.toolbarAction('Tidy layout');
  await editor.expectSaved();
  await editor.screenshot('05-saved', testInfo);
  await page.reload();
  await expect(editor.node('filter_1')).toContainText('income >= 80000');
  await expect(editor.count('filter_1')).toHaveText(new Intl.NumberFormat('en-US').format(expected));
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(page.getByRole('toolbar', { name: 'Workflow' }).getByRole('textbox', { name: 'Workflow name' })).toHaveValue(name);
  await expect(page).toHaveTitle(`${name} · Segflow`);
});
