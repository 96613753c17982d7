import { describe, expect, it } from 'vitest';
import { typedAsOf } from './AsOfField.tsx';

describe('the as-of date typed into the field', () => {
  it('keeps a whole day', () => expect(typedAsOf('2025-12-31', false)).toBe('2025-12-31'));
  it('clears the date when the field is emptied on purpose', () => expect(typedAsOf('', false)).toBe(''));
  it('keeps the saved date while the typed one is incomplete or impossible', () => {
    expect(typedAsOf('', true)).toBeUndefined();
    expect(typedAsOf('452025-12-31', false)).toBeUndefined();
  });
});
