import { expect, test } from '../fixtures/test.ts';
import { readFixture } from '../fixtures/test.ts';

/** Words of the schema library, port ids and step ids that a marketer must never read. */
const NOT_FOR_PEOPLE = /Too small|Too big|expected (string|number|array|object|one of)|received|>=|invalid_type|Invalid input|"in"|"events"|"minus"|\bspend\b.*\bneeds an input|\bnodes\.\d/;

type Doc = { name: string; nodes: { id: string; kind: string; label?: string; config: Record<string, unknown> }[]; edges: { source: string; target: string; targetPort?: string }[] };

/** Shows the Problems panel (a click on the tab already shown folds the panel away). */
async function showProblems(editor: import('../pages/editor.page.ts').EditorPage) {
  const tab = editor.tab('Problems');
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

async function create(request: import('@playwright/test').APIRequestContext, document: unknown, name: string): Promise<string> {
  const response = await request.post('/api/workflows', { data: { name, document: { ...(document as object), name } } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()).id;
}

test('problems speak in sentences with step labels, and the inspector shows no ids', async ({ page, editor, request }, testInfo) => {
  const doc = readFixture('winback') as unknown as Doc;
  // Three things a person gets wrong: an aggregate left without its events, a segment name with spaces, a formula step with no name yet.
  const broken: Doc = {
    ...doc,
    nodes: [
      ...doc.nodes.map((n) => (n.id === 'out_big' ? { ...n, config: { ...n.config, segment: 'Big spenders list' } } : n)),
      { id: 'compute_1', kind: 'compute', label: 'Spend per order', config: { as: '', formula: 'spend / n_orders' } },
    ],
    edges: [...doc.edges.filter((e) => !(e.source === 'orders' && e.target === 'spend')), { source: 'recency', target: 'compute_1', targetPort: 'in' }],
  };
  const id = await create(request, broken, `Plain words ${Date.now().toString(36)}`);
  await editor.open(id);
  await showProblems(editor);

  await expect(editor.problems).toContainText("Connect an events step into 'Total spend' (its Events input).");
  await expect(editor.problems).toContainText("The segment name of 'Big spenders list' can use only letters, digits, _ and - (no spaces), up to 64 characters: rename it, for example 'Big_spenders_list'.");
  await expect(editor.problems).toContainText("Enter a new column name for 'Spend per order'.");
  for (const text of await editor.problems.getByRole('listitem').allInnerTexts()) expect(text).not.toMatch(NOT_FOR_PEOPLE);
  await editor.screenshot('01-problems-in-sentences', testInfo);

  await editor.problems.getByRole('button').filter({ hasText: "into 'Total spend'" }).click();
  await expect(editor.inspector.getByRole('textbox', { name: 'Step name' })).toHaveValue('Total spend');
  await expect(editor.inspector.getByTestId('inspector-subtitle')).not.toContainText('spend');
  await expect(editor.inspector.getByRole('list', { name: 'Problems with this step' })).toContainText("Connect an events step into 'Total spend' (its Events input).");
  await editor.screenshot('02-inspector-with-its-problem', testInfo);
});

test('an empty workflow is not "ready to run"', async ({ page, editor, request }, testInfo) => {
  const id = await create(request, { schemaVersion: 1, nodes: [], edges: [] }, `Empty ${Date.now().toString(36)}`);
  await editor.open(id);
  await showProblems(editor);
  await expect(editor.problems).toContainText('The workflow is empty');
  await expect(page.getByText('The workflow is ready to run.')).toHaveCount(0);
  await editor.screenshot('03-empty-workflow', testInfo);
});

test('renaming a column renames it in the rules that read it', async ({ page, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('winback');
  await editor.open(id);
  await editor.select('spend');
  const name = editor.inspector.getByRole('textbox', { name: 'New column name' });
  await name.fill('total_spend');
  await expect(editor.node('big')).toContainText('total_spend');
  await showProblems(editor);
  await expect(editor.problems).toHaveCount(0);
  await expect(page.getByText('No problems. The workflow is ready to run.')).toBeVisible();
  await editor.expectSaved();
  await editor.screenshot('04-renamed-column-followed', testInfo);
});

test('publishing again without a change offers no new version', async ({ page, editor, fromFixture, request }, testInfo) => {
  const id = await fromFixture('winback');
  expect((await request.post(`/api/workflows/${id}/publish`, { data: {} })).status()).toBe(201);
  await editor.open(id);
  await page.getByRole('button', { name: 'Publish…' }).click();
  const dialog = page.getByRole('dialog', { name: 'No changes since version 1' });
  await expect(dialog.getByTestId('no-changes')).toContainText('No changes since version 1');
  await expect(dialog.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
  await editor.screenshot('05-publish-no-changes', testInfo);
});
