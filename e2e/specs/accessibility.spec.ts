import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';

/** The serious and critical findings of axe on the page as it is now, one readable line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} – ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`));
}

test('the workflows list, datasets and users pages have no serious accessibility problems', async ({ page, fromFixture }, testInfo) => {
  // A list with a row in it, so its row actions are checked too.
  await fromFixture('winback');
  for (const [path, ready] of [['/#/', 'New workflow'], ['/#/datasets', 'Choose files'], ['/#/users', 'Add']] as const) {
    await page.goto(path);
    await expect(page.getByRole('button', { name: new RegExp(ready) }).first()).toBeVisible();
    expect(await seriousViolations(page), path).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`a11y${path.replace(/[#/]+/g, '-')}.png`) });
  }
  // The New workflow dialog, open.
  await page.goto('/#/');
  await page.getByRole('button', { name: 'New workflow', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'New workflow' }).getByTestId('data-through')).toBeVisible();
  expect(await seriousViolations(page), 'New workflow dialog').toEqual([]);
});

test('the editor, with its run, history and trends panels and a step selected, has no serious accessibility problems', async ({ page, editor, fromFixture }, testInfo) => {
  // Each axe pass over the editor's large DOM takes seconds on a shared machine.
  test.setTimeout(180_000);
  const id = await fromFixture('loyalty');
  await editor.open(id);
  await expect(editor.count('out_members')).toBeVisible();
  expect(await seriousViolations(page), 'editor').toEqual([]);
  await editor.select('top10');
  expect(await seriousViolations(page), 'editor with a step selected').toEqual([]);
  // The question before deleting a step others use.
  await page.keyboard.press('Delete');
  await expect(page.getByRole('dialog', { name: 'Delete this step?' })).toBeVisible();
  expect(await seriousViolations(page), 'delete dialog').toEqual([]);
  await page.getByRole('dialog', { name: 'Delete this step?' }).getByRole('button', { name: 'Cancel' }).click();
  for (const tab of ['Run', 'History', 'Trends', 'Schedules'] as const) {
    await editor.tab(tab).click();
    await expect(page.getByRole('tabpanel')).not.toContainText('Loading');
    expect(await seriousViolations(page), `${tab} panel`).toEqual([]);
  }
  // A step with problems (a filter with no input yet: added with no step selected, so it follows none) and the list of problems.
  await editor.canvas.click({ position: { x: 8, y: 8 } });
  await expect(editor.inspector).toContainText('Nothing selected');
  await editor.palette.getByRole('button', { name: /^Filter/ }).click();
  await expect(editor.node('filter_1').getByTestId('problem-marker')).toBeVisible();
  await editor.tab('Problems').click();
  expect(await seriousViolations(page), 'a step with problems').toEqual([]);
  await editor.screenshot('a11y-editor', testInfo);
});
