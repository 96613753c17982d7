// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokensPage } from './TokensPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const SECRET = 'sft_abcdefghijklmnopqrstuvwxyz0123456789';
const respond = (status: number, body?: unknown) =>
  Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

/** A token server in a closure: creating adds one, revoking removes it. */
function fakeServer() {
  let tokens: { id: string; userId: string; name: string; hint: string; createdAt: string; expiresAt: null; lastUsedAt: null }[] = [];
  return vi.fn((url: string, init?: RequestInit) => {
    if (url === '/api/tokens' && init?.method === 'POST') {
      const token = { id: 'tok_1', userId: 'usr_1', name: JSON.parse(String(init.body)).name, hint: SECRET.slice(-4), createdAt: new Date().toISOString(), expiresAt: null, lastUsedAt: null };
      tokens = [token];
      return respond(201, { token, secret: SECRET });
    }
    if (url === '/api/tokens/tok_1' && init?.method === 'DELETE') {
      tokens = [];
      return respond(204);
    }
    return respond(200, { tokens });
  });
}

const renderPage = () =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <TokensPage />
    </QueryClientProvider>,
  );

describe('TokensPage', () => {
  it('shows a new token once, with a warning, and forgets it after Done', async () => {
    vi.stubGlobal('fetch', fakeServer());
    renderPage();
    await screen.findByText(/No tokens yet/);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: '<b>CI</b>' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));

    expect(screen.getByRole('link', { name: 'API reference' }).getAttribute('href')).toBe('/docs/api/');
    const secret = await screen.findByRole('textbox', { name: 'New token' });
    expect((secret as HTMLInputElement).value).toBe(SECRET);
    expect(screen.getByRole('region', { name: 'Your new token' }).textContent).toContain('cannot be shown again');
    // The name is text, never markup.
    expect(await screen.findByText('<b>CI</b>')).toBeTruthy();
    expect(document.querySelectorAll('b')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'New token' })).toBeNull());
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(screen.getByText(`…${SECRET.slice(-4)}`)).toBeTruthy();
  });

  it('revokes a token after a confirmation', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server);
    renderPage();
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'Nightly' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke Nightly' }));
    // jsdom has no modal dialogs: the confirmation is in the DOM but not in the accessibility tree.
    fireEvent.click(screen.getByRole('button', { name: 'Revoke', hidden: true }));
    await screen.findByText(/No tokens yet/);
    expect(server).toHaveBeenCalledWith('/api/tokens/tok_1', expect.objectContaining({ method: 'DELETE' }));
  });
});
