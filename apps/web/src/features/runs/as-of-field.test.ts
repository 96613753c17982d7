import { describe, expect, it } from 'vitest';
import { dayToOffer, typedAsOf } from './AsOfField.tsx';

describe('the as-of date typed into the field', () => {
  it('keeps a whole day', () => expect(typedAsOf('2025-12-31', false)).toBe('2025-12-31'));
  it('clears the date when the field is emptied on purpose', () => expect(typedAsOf('', false)).toBe(''));
  it('keeps the saved date while the typed one is incomplete or impossible', () => {
    expect(typedAsOf('', true)).toBeUndefined();
    expect(typedAsOf('452025-12-31', false)).toBeUndefined();
  });
});

describe('the events\' last day offered beside the as-of date', () => {
  it('is offered with no date set, or a date after the data ends; not for a date inside the data', () => {
    expect(dayToOffer('', '2025-12-31')).toBe('2025-12-31');
    expect(dayToOffer('2030-01-01', '2025-12-31')).toBe('2025-12-31');
    expect(dayToOffer('2025-12-31', '2025-12-31')).toBeUndefined();
    expect(dayToOffer('2025-06-30', '2025-12-31')).toBeUndefined();
    expect(dayToOffer('', undefined)).toBeUndefined();
  });
});
