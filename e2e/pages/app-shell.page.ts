import type { Locator, Page } from '@playwright/test';

/** The frame around every screen: the header and the main work area. */
export class AppShellPage {
  readonly header: Locator;
  readonly title: Locator;
  readonly main: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByRole('banner');
    this.title = this.header.getByRole('heading', { name: 'Segflow', level: 1 });
    this.main = page.getByRole('main');
  }

  async open() {
    await this.page.goto('/');
  }
}
