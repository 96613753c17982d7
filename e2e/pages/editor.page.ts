import { expect, type Locator, type Page } from '@playwright/test';

/** The workflow editor: palette, canvas, inspector and the panels under the canvas. */
export class EditorPage {
  readonly canvas: Locator;
  readonly palette: Locator;
  readonly inspector: Locator;
  readonly saveState: Locator;
  readonly problems: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas');
    this.palette = page.getByRole('complementary', { name: 'Add a step' });
    this.inspector = page.getByRole('complementary', { name: 'Inspector' });
    this.saveState = page.getByTestId('save-state');
    this.problems = page.locator('.problems-list');
  }

  async open(workflowId: string) {
    await this.page.goto(`/#/workflows/${workflowId}`);
    await expect(this.canvas).toBeVisible();
  }

  node(id: string): Locator {
    return this.page.getByTestId(`node-${id}`);
  }

  /**
   * Selects a node as a person would: brings the whole graph into view first
   * (a wide graph opens at a readable zoom with its far end off screen, maybe
   * under the inspector), then clicks it.
   */
  async select(id: string) {
    await this.canvas.getByRole('button', { name: 'Fit View' }).click();
    await this.node(id).click();
    await expect(this.node(id).locator('xpath=ancestor-or-self::*[contains(@class, "react-flow__node")][1]')).toHaveClass(/selected/);
  }

  /** Nodes on the canvas of a kind, in the order they were added. */
  nodesOfKind(kind: string): Locator {
    return this.page.locator(`.react-flow__node`).filter({ has: this.page.locator(`[data-testid^="node-${kind}_"]`) });
  }

  /** Drags a palette item onto the canvas at a point relative to the canvas' top-left corner. */
  async dragFromPalette(label: string, at: { x: number; y: number }) {
    const item = this.palette.getByRole('button', { name: new RegExp(`^${label}`) });
    await item.dragTo(this.canvas, { targetPosition: at });
  }

  /** Draws an edge from one node's output to another's input port, as a person does with the mouse. */
  async connect(sourceId: string, targetId: string, port = 'in') {
    const from = this.node(sourceId).locator('.react-flow__handle.source');
    const to = this.node(targetId).locator(`.react-flow__handle.target[data-handleid="${port}"]`);
    await this.dragBetween(from, to);
  }

  async dragBetween(from: Locator, to: Locator) {
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Moves a node by dragging its title bar. */
  async moveNode(id: string, by: { x: number; y: number }) {
    const box = (await this.node(id).boundingBox())!;
    const start = { x: box.x + box.width / 2, y: box.y + 12 };
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    await this.page.mouse.move(start.x + by.x, start.y + by.y, { steps: 10 });
    await this.page.mouse.up();
  }

  /**
   * Clicks a toolbar action where the toolbar shows it: a button (with its word or its icon alone) when
   * there is room, else an item of the "More actions" menu.
   */
  async toolbarAction(name: string) {
    await (await this.findToolbarAction(name)).click();
  }

  /** The toolbar action's button, or its item in the "More actions" menu (opened for it). */
  async findToolbarAction(name: string): Promise<Locator> {
    const toolbar = this.page.getByRole('toolbar', { name: 'Workflow' });
    const inline = toolbar.getByRole('button', { name, exact: true });
    if (await inline.count()) return inline;
    const item = this.page.getByRole('menuitem', { name, exact: true });
    if (!(await item.count())) await toolbar.getByRole('button', { name: 'More actions' }).click();
    return item;
  }

  count(id: string): Locator {
    return this.node(id).getByTestId('node-count');
  }

  runStatus(id: string): Locator {
    return this.node(id).getByTestId('node-run-status');
  }

  tab(name: 'Problems' | 'Members' | 'Insight' | 'Run' | 'History' | 'Versions' | 'Trends' | 'Schedules' | 'Alerts'): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  async expectSaved() {
    await expect(this.saveState).toHaveText('Saved', { timeout: 15_000 });
  }

  async screenshot(name: string, testInfo: { outputPath: (name: string) => string; attach: (name: string, o: { body: Buffer; contentType: string }) => Promise<void> }) {
    const body = await this.page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
    await testInfo.attach(name, { body, contentType: 'image/png' });
  }
}
