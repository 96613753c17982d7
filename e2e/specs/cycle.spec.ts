import { expect, test } from '../fixtures/test.ts';

test('shows a cycle on its nodes and in the problems panel, and clears it when fixed', async ({ page, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('cycle');
  await editor.open(id);

  for (const node of ['either', 'opted_in']) await expect(editor.node(node).getByTestId('problem-marker')).toBeVisible();
  await expect(editor.node('french').getByTestId('problem-marker')).toHaveCount(0);
  await editor.node('either').getByTestId('problem-marker').hover();
  await expect(editor.node('either').getByRole('tooltip')).toContainText("These steps form a cycle: 'Either' → 'Opted in' → 'Either'.");
  await editor.screenshot('01-cycle-on-nodes', testInfo);

  const problem = editor.problems.getByRole('button').filter({ hasText: 'form a cycle' }).first();
  await expect(problem).toBeVisible();
  await expect(page.getByRole('tab', { name: /Problems/ })).toContainText('2');
  await problem.click();
  await expect(editor.inspector.getByRole('textbox', { name: 'Step name' })).toHaveValue('Either');

  // Fix it: disconnect the loop back from "Opted in".
  await editor.inspector.getByRole('button', { name: 'Disconnect Opted in' }).click();
  await expect(editor.node('either').getByTestId('problem-marker')).toHaveCount(0);
  await expect(editor.node('opted_in').getByTestId('problem-marker')).toHaveCount(0);
  await expect(page.getByText('No problems. The workflow is ready to run.')).toBeVisible();
  await expect(editor.count('out')).toBeVisible();
  await editor.expectSaved();
  await editor.screenshot('02-cycle-fixed', testInfo);
});
