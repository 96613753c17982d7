import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/test.ts';
import { serverDataDir } from '../support/data-dir.ts';

/** The last `order_date` in the server's orders.csv, read from the file itself. */
const lastOrderDay = () =>
  readFileSync(join(serverDataDir(), 'datasets', 'orders.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[1]).sort().at(-1)!;

const formatDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

test('deleting a step others use asks first, and its dependants keep their rules with the problem on them', async ({ page, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('loyalty');
  await editor.open(id);
  await editor.select('tier');
  await page.keyboard.press('Delete');
  const dialog = page.getByRole('dialog', { name: 'Delete this step?' });
  await expect(dialog).toContainText("'Tier' is used by 'loyalty members', 'Email opt-in' and 'Quiet for 60 days'. Delete it?");
  await editor.screenshot('delete-01-asks', testInfo);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(editor.node('tier')).toBeVisible();

  // The inspector's delete button asks the same.
  await editor.inspector.getByRole('button', { name: 'Delete step' }).click();
  await dialog.getByRole('button', { name: 'Delete step' }).click();
  await expect(editor.node('tier')).toHaveCount(0);

  // Each step that used it says it needs an input; the step before it has no error of its own.
  for (const dependant of ['out_members', 'emailable', 'at_risk'])
    await expect(editor.node(dependant).getByTestId('problem-marker'), `${dependant} shows the problem`).toHaveClass(/bad/);
  await expect(editor.node('top10').locator('.sf-problem-marker.bad')).toHaveCount(0);

  // The rule of 'Quiet for 60 days' is still there: its field, its operator and its value.
  await editor.select('at_risk');
  const rule = editor.inspector.getByTestId('rule-row');
  await expect(rule.getByRole('combobox', { name: 'Field' })).toHaveValue('days_since_visit');
  await expect(rule.getByRole('combobox', { name: 'Operator' })).toHaveValue('>');
  await expect(rule.getByRole('spinbutton')).toHaveValue('60');
  await expect(editor.inspector.getByRole('list', { name: 'Problems with this step' })).toBeVisible();
  // The panels under the canvas stay in their column, clear of the inspector (their tabs scroll instead).
  const panel = (await page.getByRole('region', { name: 'Details' }).getByRole('tabpanel').boundingBox())!;
  const inspector = (await editor.inspector.boundingBox())!;
  expect(panel.x + panel.width).toBeLessThanOrEqual(inspector.x + 1);
  await editor.screenshot('delete-02-dependant-keeps-its-rule', testInfo);

  // Undo brings the step and its connections back.
  await page.keyboard.press('Control+z');
  await expect(editor.node('tier')).toBeVisible();
  await expect(editor.node('at_risk').locator('.sf-problem-marker.bad')).toHaveCount(0);
});

test('the canvas works from the keyboard: focus a step, select it, delete it', async ({ page, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('loyalty');
  await editor.open(id);
  const step = page.getByRole('group', { name: 'Email opt-in' });
  await step.focus();
  expect(await step.evaluate((el) => (el as unknown as { matches(s: string): boolean }).matches(':focus-visible'))).toBe(true);
  const ring = await editor.node('emailable').evaluate((el) => {
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } }).getComputedStyle(el);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
  expect(ring, 'the focused step shows a focus ring').toBe('solid 2px');
  await page.keyboard.press('Enter');
  await expect(step).toHaveClass(/selected/);
  await expect(editor.inspector.getByRole('textbox', { name: 'Step name' })).toHaveValue('Email opt-in');
  await editor.screenshot('keyboard-01-focused-and-selected', testInfo);
  await step.focus();
  await page.keyboard.press('Delete');
  const dialog = page.getByRole('dialog', { name: 'Delete this step?' });
  await expect(dialog).toContainText("'Email opt-in' is used by 'loyalty email'");
  // The dialog takes focus; Tab reaches its delete button.
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Delete step' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor.node('emailable')).toHaveCount(0);
});

test('the run panel starts a plain run; mode, parts, timeline and mode comparison wait under Advanced', async ({ page, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('winback');
  await editor.open(id);
  await editor.tab('Run').click();
  const panel = page.getByRole('tabpanel');
  await expect(panel.getByRole('button', { name: 'Start run' })).toBeVisible();
  for (const hidden of [panel.getByRole('combobox', { name: 'Execution mode' }), panel.getByRole('spinbutton', { name: 'Parts' }), page.getByRole('region', { name: 'Compare modes' })])
    await expect(hidden).toBeHidden();
  await expect(page.getByRole('tab', { name: /Compare modes/ })).toHaveCount(0);
  await editor.screenshot('run-01-plain', testInfo);
  await panel.getByText('Advanced', { exact: true }).click();
  await expect(panel.getByRole('combobox', { name: 'Execution mode' })).toHaveValue('hybrid');
  await expect(panel.getByRole('spinbutton', { name: 'Parts' })).toHaveValue('2');
  await expect(page.getByRole('region', { name: 'Compare modes' }).getByRole('button', { name: 'Measure' })).toBeVisible();
  await editor.screenshot('run-02-advanced', testInfo);
});

test('a workflow made in the dialog counts as of the last day of the data, and a workflow without a date is offered its events’ last day', async ({ page, workflows, editor, fromFixture, request }, testInfo) => {
  const datasets = (await (await request.get('/api/datasets')).json()).datasets as { latest?: Record<string, string> }[];
  const through = datasets.flatMap((d) => Object.values(d.latest ?? {})).sort().at(-1)!;
  expect(through).toBeTruthy();
  await workflows.open();
  await workflows.newButton.click();
  const dialog = workflows.newDialog;
  await expect(dialog.getByLabel('Count customers as of')).toHaveValue(through);
  await expect(dialog.getByTestId('data-through')).toContainText(`Your data runs through ${formatDay(through)}`);
  await editor.screenshot('as-of-01-new-workflow', testInfo);
  const name = `Data through ${Date.now().toString(36)}`;
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('button', { name: 'Create workflow' }).click();
  await expect(page).toHaveURL(/#\/workflows\/wf_/);
  const toolbar = page.getByRole('toolbar', { name: 'Workflow' });
  await expect(toolbar.getByRole('textbox', { name: 'As of date' })).toHaveValue(through);
  const created = decodeURIComponent(page.url().split('/workflows/')[1]);
  expect((await (await request.get(`/api/workflows/${created}`)).json()).document.run.asOf).toBe(through);

  // A workflow saved without a date reads orders: it is offered the orders' last day.
  const id = await fromFixture('winback');
  await editor.open(id);
  const day = lastOrderDay();
  const offer = toolbar.getByRole('button', { name: `Use ${formatDay(day)}` });
  await expect(offer).toBeVisible();
  await editor.screenshot('as-of-02-offered', testInfo);
  await offer.click();
  await expect(toolbar.getByRole('textbox', { name: 'As of date' })).toHaveValue(day);
  await expect(offer).toBeHidden();
  await editor.expectSaved();
  expect((await (await request.get(`/api/workflows/${id}`)).json()).document.run.asOf).toBe(day);
});
