// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionsPage } from './ConnectionsPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const URL_WITH_PASSWORD = 'postgres://app:Very-Secret-1@db.example.com/crm';
const respond = (status: number, body?: unknown) =>
  Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

/** A credentials server in a closure: it keeps names only, as the real one answers. */
function fakeServer() {
  const names = { connections: [] as string[], secrets: [] as string[] };
  const listed = (n: string) => ({ name: n, createdAt: new Date().toISOString(), createdBy: 'usr_1' });
  return vi.fn((url: string, init?: RequestInit) => {
    const [, , plural, name] = url.split('/') as [string, string, 'connections' | 'secrets', string | undefined];
    if (init?.method === 'POST') {
      const body = JSON.parse(String(init.body));
      names[plural].push(body.name);
      return respond(201, listed(body.name));
    }
    if (init?.method === 'DELETE') {
      names[plural] = names[plural].filter((n) => n !== name);
      return respond(204);
    }
    return respond(200, { [plural]: names[plural].map(listed) });
  });
}

const renderPage = () =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ConnectionsPage />
    </QueryClientProvider>,
  );

describe('ConnectionsPage', () => {
  it('saves a connection, sends the URL once and never shows it again', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server);
    renderPage();
    const section = within(screen.getByRole('region', { name: 'Database connections' }));
    await section.findByText('No connections yet.');
    fireEvent.change(section.getByLabelText('Name'), { target: { value: 'crm_db' } });
    fireEvent.change(section.getByLabelText('Connection URL'), { target: { value: URL_WITH_PASSWORD } });
    fireEvent.click(section.getByRole('button', { name: 'Save' }));

    await section.findByText('"connection": "crm_db"');
    expect(server).toHaveBeenCalledWith('/api/connections', expect.objectContaining({ method: 'POST', body: JSON.stringify({ name: 'crm_db', url: URL_WITH_PASSWORD }) }));
    expect((section.getByLabelText('Connection URL') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain('Very-Secret-1');
  });

  it('deletes a secret after a confirmation', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server);
    renderPage();
    const section = within(screen.getByRole('region', { name: 'Secrets' }));
    fireEvent.change(await section.findByLabelText('Name'), { target: { value: 'crm_token' } });
    fireEvent.change(section.getByLabelText('Value'), { target: { value: 'Bearer abc' } });
    fireEvent.click(section.getByRole('button', { name: 'Save' }));
    fireEvent.click(await section.findByRole('button', { name: 'Delete crm_token' }));
    // jsdom has no modal dialogs: the confirmation is in the DOM but not in the accessibility tree.
    fireEvent.click(screen.getByRole('button', { name: 'Delete', hidden: true }));
    await section.findByText('No secrets yet.');
    await waitFor(() => expect(server).toHaveBeenCalledWith('/api/secrets/crm_token', expect.objectContaining({ method: 'DELETE' })));
  });
});
