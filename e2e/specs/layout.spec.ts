import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';
import { EditorPage } from '../pages/editor.page.ts';
import { createAccount, signInAs } from '../support/sign-in.ts';

type Box = { x: number; y: number; width: number; height: number };
const OUTPUTS = ['out_members', 'out_email', 'out_at_risk'];

const boxOf = async (locator: Locator): Promise<Box> => {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return box;
};
const within = (a: Box, b: Box) => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every output lies inside the visible canvas, clear of the minimap and the zoom buttons, and takes a click. */
async function expectOutputsInView(page: Page) {
  const pane = await boxOf(page.locator('.canvas .react-flow'));
  const minimap = await boxOf(page.locator('.react-flow__minimap'));
  const controls = await boxOf(page.locator('.react-flow__controls'));
  for (const id of OUTPUTS) {
    const node = page.getByTestId(`node-${id}`);
    await expect.poll(async () => within(await boxOf(node), pane), { message: `${id} inside the canvas` }).toBe(true);
    const box = await boxOf(node);
    expect(overlaps(box, minimap), `${id} clear of the minimap`).toBe(false);
    expect(overlaps(box, controls), `${id} clear of the zoom buttons`).toBe(false);
  }
}

test('Run and Publish are in reach and Fit view shows every output', async ({ page, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('loyalty');
  await editor.open(id);
  await expect(editor.count('out_members')).toBeVisible();
  const viewport = page.viewportSize()!;
  const toolbar = page.getByRole('toolbar', { name: 'Workflow' });
  for (const name of ['Run', 'Publish…']) {
    const box = await boxOf(toolbar.getByRole('button', { name, exact: true }));
    expect(box.x + box.width, `${name} inside the window`).toBeLessThanOrEqual(viewport.width);
  }
  // The graph opens whole.
  await expectOutputsInView(page);
  await editor.screenshot(`loyalty-${viewport.width}x${viewport.height}`, testInfo);

  await toolbar.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(editor.tab('Run')).toHaveAttribute('aria-selected', 'true');
  await toolbar.getByRole('button', { name: 'Publish…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish the first version' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Zoomed in and moved away, Fit view brings every output back, and so does Tidy layout.
  await page.mouse.move(300, 300);
  await editor.canvas.getByRole('button', { name: 'Zoom In' }).click();
  await editor.canvas.getByRole('button', { name: 'Zoom In' }).click();
  await editor.canvas.getByRole('button', { name: 'Fit View' }).click();
  await expectOutputsInView(page);
  await editor.toolbarAction('Tidy layout');
  await expectOutputsInView(page);
  // A node that sat in the minimap's corner before takes its click now.
  await editor.node('out_at_risk').click();
  await expect(editor.node('out_at_risk').locator('xpath=ancestor::*[contains(@class, "react-flow__node")][1]')).toHaveClass(/selected/);
  // Picking a step shows its settings, even where the inspector started folded.
  await expect(page.getByRole('button', { name: 'Fold the inspector away' })).toBeVisible();
  await editor.screenshot(`loyalty-tidy-${viewport.width}x${viewport.height}`, testInfo);
});

/** Pairs of boxes that overlap, named, for a readable failure. */
function overlapping(named: [string, Box][]) {
  const pairs: string[] = [];
  for (let i = 0; i < named.length; i++) for (let j = i + 1; j < named.length; j++) if (overlaps(named[i][1], named[j][1])) pairs.push(`${named[i][0]} × ${named[j][0]}`);
  return pairs;
}

/**
 * Every control of the toolbar on screen is whole, inside the window and the toolbar and on no other; Run and
 * Publish (when the role has them) show their words and take a click; every tab under the canvas is whole, inside
 * the window and its strip, and on no other.
 */
async function expectToolbarAndTabsFit(page: Page) {
  const viewport = page.viewportSize()!;
  const screen = { x: 0, y: 0, width: viewport.width, height: viewport.height };
  const toolbar = page.getByRole('toolbar', { name: 'Workflow' });
  const bar = await boxOf(toolbar);
  const named: [string, Box][] = [];
  for (const control of await toolbar.locator(':is(a, button, input:not([type=file]), [data-testid=save-state], [data-testid=view-only])').all()) {
    if (!(await control.isVisible())) continue;
    const name = (await control.getAttribute('aria-label')) ?? (await control.textContent())?.trim() ?? '?';
    const box = await boxOf(control);
    expect(within(box, screen), `${name} inside the window`).toBe(true);
    expect(within(box, bar), `${name} inside the toolbar`).toBe(true);
    named.push([name, box]);
  }
  expect(overlapping(named), 'toolbar controls on top of each other').toEqual([]);
  for (const name of ['Run', 'Publish…']) {
    const button = toolbar.getByRole('button', { name, exact: true });
    if (!(await button.count())) continue;
    await expect(button, `${name} shows its word`).toHaveText(name);
    await button.click({ trial: true });
  }

  const strip = await boxOf(page.getByRole('tablist', { name: 'Panels' }));
  const tabs: [string, Box][] = [];
  for (const tab of await page.getByRole('tab').all()) {
    const name = (await tab.textContent())!.trim();
    const box = await boxOf(tab);
    expect(within(box, screen), `tab ${name} inside the window`).toBe(true);
    expect(within(box, strip), `tab ${name} not cut by the tab strip`).toBe(true);
    tabs.push([name, box]);
  }
  expect(tabs.length).toBeGreaterThanOrEqual(9);
  expect(overlapping(tabs), 'tabs on top of each other').toEqual([]);
}

test('with a long name and the as-of suggestion shown, every toolbar control and every tab fits the window', async ({ page, browser, request, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('loyalty');
  await editor.open(id);
  const toolbar = page.getByRole('toolbar', { name: 'Workflow' });
  const nameField = toolbar.getByRole('textbox', { name: 'Workflow name' });
  const longName = 'Loyal customers of the spring campaign who bought twice and opened every newsletter since January';
  await nameField.fill(longName);
  // With no date set, counts run as of today; the fixture's events stop before today, so the toolbar offers their last day.
  await toolbar.getByLabel('As of date').fill('');
  await editor.expectSaved();
  const offer = toolbar.locator('.as-of-suggest');
  await expect(offer).toBeVisible();
  await expectToolbarAndTabsFit(page);
  // The name shows as much as fits, and all of it on hover.
  await expect(nameField).toHaveAttribute('title', longName);
  expect((await boxOf(nameField)).width).toBeGreaterThanOrEqual(150);
  const viewport = page.viewportSize()!;
  await editor.screenshot(`toolbar-long-name-${viewport.width}x${viewport.height}`, testInfo);

  // The rarer actions stay in reach, as buttons or in the "More actions" menu.
  for (const name of ['Tidy layout', 'Export', 'Look up a customer', 'Import']) {
    const action = await editor.findToolbarAction(name);
    await expect(action, `${name} in reach`).toBeVisible();
    expect(within(await boxOf(action), { x: 0, y: 0, ...viewport }), `${name} inside the window`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);

  // The last tabs open and show that they are open.
  const strip = await boxOf(page.getByRole('tablist', { name: 'Panels' }));
  for (const name of ['Alerts', 'Versions'] as const) {
    await editor.tab(name).click();
    await expect(editor.tab(name)).toHaveAttribute('aria-selected', 'true');
    expect(within(await boxOf(editor.tab(name)), strip), `the chosen tab ${name} in view`).toBe(true);
  }
  await expectToolbarAndTabsFit(page);

  // Taking the offered day (the offer goes) keeps everything in place.
  await offer.click();
  await expect(offer).toHaveCount(0);
  await editor.expectSaved();
  await expectToolbarAndTabsFit(page);

  // A viewer of the same workflow, at the same window size.
  const viewerPage = await signInAs(browser, testInfo, await createAccount(request, 'viewer'));
  await viewerPage.setViewportSize(viewport);
  await new EditorPage(viewerPage).open(id);
  await expect(viewerPage.getByTestId('view-only')).toBeVisible();
  await expectToolbarAndTabsFit(viewerPage);
  await viewerPage.context().close();
});

test('names at fit are readable, and two-input steps name their inputs', async ({ page, editor, fromFixture }) => {
  const id = await fromFixture('loyalty');
  await editor.open(id);
  await editor.canvas.getByRole('button', { name: 'Fit View' }).click();
  // The size a step's name is drawn at on screen (the large far-out one when it shows): its font size times the zoom.
  const onScreenPx = await editor.node('national_rank').locator(':is(.sf-node-title, .sf-far-title)').last().evaluate((el) => {
    // The spec is compiled without the DOM's types: the two browser globals it needs, typed here.
    const browser = globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string; transform: string }; document: { querySelector(s: string): unknown } };
    const matrix = browser.getComputedStyle(browser.document.querySelector('.react-flow__viewport')).transform;
    const zoom = Number(/matrix\(([^,]+)/.exec(matrix)?.[1] ?? 1);
    return parseFloat(browser.getComputedStyle(el).fontSize) * zoom;
  });
  expect(onScreenPx).toBeGreaterThanOrEqual(10);

  // Each input dot of Aggregate sits on a row with the input's name.
  const spend = editor.node('spend_365d');
  await expect(spend.getByTestId('port-in')).toContainText('Customers');
  await expect(spend.getByTestId('port-events')).toContainText('Events');
  await expect(spend.getByTestId('port-events').locator('.react-flow__handle[data-handleid="events"]')).toHaveCount(1);
  // Zoomed in, the names are on screen beside their dots.
  await spend.dblclick();
  for (let i = 0; i < 5; i++) await editor.canvas.getByRole('button', { name: 'Zoom In' }).click();
  await expect(spend.getByTestId('port-events').getByText('Events')).toBeVisible();

  // After Tidy layout (room between the steps) at a readable zoom: count labels on the edges, never on
  // top of each other, of a dot or of a step.
  await editor.toolbarAction('Tidy layout');
  await expect(page.locator('.sf-far').first()).toBeAttached();
  // Zoomed in until the steps show their small print again (far out, the labels give way to large counts).
  for (let i = 0; i < 12 && (await page.locator('.sf-far').count()) > 0; i++) await editor.canvas.getByRole('button', { name: 'Zoom In' }).click();
  await expect(page.getByTestId('edge-count').first()).toBeAttached();
  const boxesOf = async (locator: Locator) => (await Promise.all((await locator.all()).map((l) => l.boundingBox()))).filter((b): b is Box => !!b);
  const labels = await boxesOf(page.getByTestId('edge-count'));
  const obstacles = [...(await boxesOf(page.locator('.react-flow__handle'))), ...(await boxesOf(page.locator('.sf-node')))];
  expect(labels.length).toBeGreaterThan(3);
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) expect(overlaps(labels[i], labels[j]), 'two labels overlap').toBe(false);
    for (const o of obstacles) expect(overlaps(labels[i], o), 'a label covers a dot or a step').toBe(false);
  }
});

test('palette and inspector fold away and the panel under the canvas resizes', async ({ page, editor, fromFixture }) => {
  const id = await fromFixture('loyalty');
  await editor.open(id);
  const canvasWidth = async () => (await boxOf(editor.canvas)).width;

  // Whatever the window starts with, each side folds and opens again, and the canvas takes the room.
  for (const [fold, show] of [['Fold the steps away', 'Show the steps'], ['Fold the inspector away', 'Show the inspector']]) {
    const folding = page.getByRole('button', { name: fold });
    if (!(await folding.count())) await page.getByRole('button', { name: show }).click();
    const before = await canvasWidth();
    await page.getByRole('button', { name: fold }).click();
    await expect.poll(canvasWidth).toBeGreaterThan(before + 100);
    await page.getByRole('button', { name: show }).click();
    await expect.poll(canvasWidth).toBeLessThanOrEqual(before + 1);
  }

  // Folded, the palette still adds steps.
  await page.getByRole('button', { name: 'Fold the steps away' }).click();
  await editor.palette.getByRole('button', { name: /^Filter/ }).click();
  await expect(editor.node('filter_1')).toBeVisible();

  const panel = page.getByRole('region', { name: 'Details' });
  const height = async () => (await boxOf(panel)).height;
  const start = await height();
  const bar = await boxOf(page.getByRole('separator', { name: 'Resize the panel' }));
  await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar.x + bar.width / 2, bar.y - 120, { steps: 8 });
  await page.mouse.up();
  await expect.poll(height).toBeGreaterThan(start + 100);
  await page.getByRole('separator', { name: 'Resize the panel' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(height).toBeLessThan(start + 100);
});
