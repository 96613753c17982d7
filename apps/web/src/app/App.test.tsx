import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from './App.tsx';

describe('App', () => {
  it('renders the Segflow header above the main area', () => {
    const html = renderToStaticMarkup(<App />);
    expect(html).toMatch(/<header[^>]*>.*<h1[^>]*>Segflow<\/h1>.*<\/header>\s*<main/s);
  });
});
