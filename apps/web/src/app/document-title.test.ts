import { describe, expect, it } from 'vitest';
import { documentTitle } from './document-title.ts';

describe('documentTitle', () => {
  it('shows only the app name when no workflow is open', () => {
    expect(documentTitle()).toBe('Segflow');
    expect(documentTitle('   ')).toBe('Segflow');
  });

  it('puts the workflow name before the app name', () => {
    expect(documentTitle(' Churn risk ')).toBe('Churn risk · Segflow');
  });

  it('marks unsaved edits with a leading dot', () => {
    expect(documentTitle('Churn risk', { unsaved: true })).toBe('• Churn risk · Segflow');
  });
});
