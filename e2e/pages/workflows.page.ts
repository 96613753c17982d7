import type { Locator, Page } from '@playwright/test';

/** The list of workflows: create, rename, duplicate, delete. */
export class WorkflowsPage {
  readonly newButton: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.newButton = page.getByRole('button', { name: 'New workflow' });
    this.table = page.locator('table.workflows-table');
  }

  async open() {
    await this.page.goto('/#/');
  }

  /** The dialog "New workflow" opens: it asks for a name, and only its confirm button creates anything. */
  get newDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'New workflow' });
  }

  /** Creates a workflow through the dialog, as a person does, and lands in its editor. */
  async create(name: string) {
    await this.newButton.click();
    await this.newDialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await this.newDialog.getByRole('button', { name: 'Create workflow' }).click();
  }

  row(name: string): Locator {
    return this.table.locator('tbody tr').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async rename(from: string, to: string) {
    await this.page.getByRole('button', { name: `Rename ${from}` }).click();
    const input = this.table.getByRole('textbox', { name: 'Workflow name' });
    await input.fill(to);
    await input.press('Enter');
  }
}
