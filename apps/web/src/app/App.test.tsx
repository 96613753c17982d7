// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const respond = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

describe('App', () => {
  it('renders the Segflow header above the main area', () => {
    vi.stubGlobal('fetch', vi.fn(() => new Promise(() => {})));
    const { container } = render(<App />);
    expect(container.innerHTML).toMatch(/<header[^>]*>.*<h1[^>]*>Segflow<\/h1>.*<\/header>\s*<main/s);
  });

  it('asks to sign in when nobody is signed in', async () => {
    vi.stubGlobal('fetch', vi.fn(() => respond(401, { error: { code: 'unauthenticated', message: 'Sign in first' } })));
    render(<App />);
    expect(await screen.findByRole('form', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Datasets' })).toBeNull();
  });

  it('shows the sections and who is signed in', async () => {
    vi.stubGlobal('fetch', vi.fn((url: string) =>
      url === '/api/auth/me' ? respond(200, { user: { id: 'u1', email: 'ann@example.com', role: 'editor' }, via: 'session', permissions: [] }) : respond(200, { workflows: [] }),
    ));
    render(<App />);
    expect(await screen.findByRole('link', { name: 'Datasets' })).toBeTruthy();
    expect(screen.getByText('ann@example.com · editor')).toBeTruthy();
  });

  it('takes #/workflows to the workflows list, and an unknown address back to it with a link', async () => {
    vi.stubGlobal('fetch', vi.fn((url: string) =>
      url === '/api/auth/me' ? respond(200, { user: { id: 'u1', email: 'ann@example.com', role: 'editor' }, via: 'session', permissions: [] }) : respond(200, { workflows: [] }),
    ));
    window.location.hash = '#/workflows';
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Workflows' })).toBeTruthy();
    expect(window.location.hash).toBe('#/');
    cleanup();
    window.location.hash = '#/nowhere';
    render(<App />);
    expect(await screen.findByText(/This page does not exist/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your workflows' }).getAttribute('href')).toBe('#/');
    window.location.hash = '';
  });
});
