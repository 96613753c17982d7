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
