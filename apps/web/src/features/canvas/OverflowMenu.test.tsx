// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InlineActions, OverflowMenu, type ToolbarAction } from './OverflowMenu.tsx';

afterEach(cleanup);

const actions = (onClick: (label: string) => void): ToolbarAction[] =>
  ['Tidy layout', 'Export', 'Import'].map((label) => ({ label, icon: null, title: `About ${label}`, onClick: () => onClick(label) }));

describe('the "More actions" menu', () => {
  it('is used with the keyboard alone: opens on the first item, arrows move, Enter picks and gives the focus back', async () => {
    const user = userEvent.setup();
    const picked = vi.fn();
    render(<OverflowMenu actions={actions(picked)} />);
    const more = screen.getByRole('button', { name: 'More actions' });
    more.focus();
    await user.keyboard('{ArrowDown}');
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Tidy layout' }));
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Import' }));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Tidy layout' }));
    await user.keyboard('{End}{Enter}');
    expect(picked).toHaveBeenCalledWith('Import');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(more);
  });

  it('closes on Escape with the focus back on its button, and on a click elsewhere', async () => {
    const user = userEvent.setup();
    render(<><OverflowMenu actions={actions(() => {})} /><p>elsewhere</p></>);
    const more = screen.getByRole('button', { name: 'More actions' });
    await user.click(more);
    expect(screen.getByRole('menu', { name: 'More actions' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(more);
    await user.click(more);
    await user.click(screen.getByText('elsewhere'));
    expect(screen.queryByRole('menu')).toBeNull();
  });
});

describe('actions shown as icons alone', () => {
  it('keep their word as the button name and in the tooltip', () => {
    render(<InlineActions actions={actions(() => {})} iconsOnly />);
    const tidy = screen.getByRole('button', { name: 'Tidy layout' });
    expect(tidy.getAttribute('title')).toBe('Tidy layout: About Tidy layout');
    expect(tidy.querySelector('.visually-hidden')?.textContent).toBe('Tidy layout');
  });
});
