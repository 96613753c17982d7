import { expect, readFixture, test } from '../fixtures/test.ts';

const badge = { true: 'In', false: 'Out' } as const;

test('looks up a customer: the canvas shows their path and the inspector why, rule by rule', async ({ page, request, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('winback');
  await editor.open(id);
  await editor.toolbarAction('Look up a customer');
  const bar = page.getByRole('region', { name: 'Look up a customer' });
  const key = bar.getByRole('textbox', { name: 'Customer key' });

  // Nothing published yet: the lookup says so in words.
  await key.fill('1');
  await bar.getByRole('button', { name: 'Look up' }).click();
  await expect(bar.getByRole('alert')).toHaveText('This workflow has no published version yet: publish it to look customers up or evaluate them.');

  expect((await request.post(`/api/workflows/${id}/publish`, { data: { note: 'lookup' } })).status()).toBe(201);
  // A customer of the winback segment (the first of the data), and the server's answer for them, which the canvas must show step by step.
  let customer = 0;
  let explained;
  do explained = await (await request.post(`/api/workflows/${id}/explain`, { data: { key: ++customer } })).json();
  while (!explained.segments.winback && customer < 400);
  expect(explained.segments.winback).toBe(true);
  await key.fill(String(customer));
  await bar.getByRole('button', { name: 'Look up' }).click();
  await expect(bar.getByRole('status')).toContainText(`Customer ${customer} in version 1:`);
  await expect(bar.getByRole('status').getByText('in winback', { exact: true })).toBeVisible();
  for (const node of readFixture('winback').nodes) {
    const state = explained.nodes[node.id];
    if (!state) continue;
    await expect(editor.node(node.id)).toHaveAttribute('data-lookup', state.in ? 'in' : 'out');
    await expect(editor.node(node.id).getByTestId('lookup-badge')).toHaveText(badge[String(state.in) as 'true' | 'false']);
  }
  await editor.screenshot('01-lookup-path', testInfo);

  // The inspector of a filter: the verdict and each rule's value and outcome in words.
  await editor.select('loyal');
  const reasons = editor.inspector.getByTestId('lookup-reasons');
  await expect(reasons).toContainText(explained.nodes.loyal.in ? `Customer ${customer} is in this step.` : `Customer ${customer} is not in this step.`);
  await expect(reasons.getByRole('listitem')).toHaveText(explained.nodes.loyal.rules.map((r: { text: string }) => r.text));
  await expect(reasons.getByRole('listitem').first()).toContainText(/n_orders is \d+; needs at least \d+/);
  await editor.screenshot('02-lookup-reasons', testInfo);

  // The draft changed after publishing: the bar says the explanation is the published version's.
  await expect(bar.getByRole('note')).toHaveCount(0);
  await editor.inspector.getByRole('spinbutton', { name: 'Value' }).first().fill('7');
  await expect(bar.getByRole('note')).toContainText('Your draft has changes that version 1 does not');

  // A key the data does not hold, then closing: counts again, no highlights.
  await key.fill('99999999');
  await bar.getByRole('button', { name: 'Look up' }).click();
  await expect(bar.getByRole('alert')).toHaveText('No customer with the key 99999999 is in this workflow\'s data.');
  await expect(editor.node('loyal')).not.toHaveAttribute('data-lookup', /./);
  await bar.getByRole('button', { name: 'Close the customer lookup' }).click();
  await expect(bar).toBeHidden();

  // The published version made real-time in the publish dialog, then checked against a batch computation.
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Publish…' }).click();
  const dialog = page.getByRole('dialog');
  const realTime = dialog.getByRole('checkbox', { name: /Real-time/ });
  // The box follows the server: it is ticked once the server has the flag.
  await realTime.click();
  await expect(realTime).toBeChecked();
  await expect(dialog.getByTestId('live-reconcile')).toHaveText('Not yet checked against a batch computation (done every night).');
  await dialog.getByRole('button', { name: 'Check against a batch computation now' }).click();
  await expect(dialog.getByTestId('live-reconcile')).toContainText(/differences? fixed \(winback: \d+ missing, 0 extra; big_spenders: \d+ missing, 0 extra\)/);
  await expect(dialog.getByTestId('live-members')).toContainText('winback: ');
  await dialog.getByTestId('live-audience').scrollIntoViewIfNeeded();
  await editor.screenshot('03-live-audience', testInfo);
});
