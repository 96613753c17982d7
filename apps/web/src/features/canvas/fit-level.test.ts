import { describe, expect, it } from 'vitest';
import { nameCramped, nextStep, overflows, TOOLBAR_STEPS, toolbarLayout } from './fit-level.ts';

const LAST = TOOLBAR_STEPS.length - 1;
const roomy = { contentWidth: 900, boxWidth: 1000 };
const cutOff = { contentWidth: 1100, boxWidth: 1000 };

describe('a crowded bar gives way one step at a time', () => {
  it('stays where it is when everything fits, a pixel of rounding included', () => {
    expect(nextStep(0, LAST, roomy)).toBe(0);
    expect(nextStep(2, LAST, { contentWidth: 1001, boxWidth: 1000 })).toBe(2);
    expect(overflows({ contentWidth: 1001, boxWidth: 1000 })).toBe(false);
  });

  it('takes the next step while something is cut off, up to the last', () => {
    expect(nextStep(0, LAST, cutOff)).toBe(1);
    expect(nextStep(LAST - 1, LAST, cutOff)).toBe(LAST);
    expect(nextStep(LAST, LAST, cutOff)).toBe(LAST);
  });

  it('folds actions for a workflow name squeezed until it is cut, but never wraps for it', () => {
    const squeezed = { ...roomy, nameWidth: 120, nameTextWidth: 600 };
    expect(nameCramped(squeezed)).toBe(true);
    expect(nextStep(0, LAST, squeezed)).toBe(1);
    expect(nextStep(LAST - 1, LAST, squeezed)).toBe(LAST - 1);
  });

  it('leaves a short name alone, and a long one that has room enough', () => {
    expect(nameCramped({ ...roomy, nameWidth: 120, nameTextWidth: 100 })).toBe(false);
    expect(nameCramped({ ...roomy, nameWidth: 300, nameTextWidth: 900 })).toBe(false);
    expect(nextStep(0, LAST, { ...roomy, nameWidth: 300, nameTextWidth: 900 })).toBe(0);
  });
});

describe('what the toolbar shows at each step', () => {
  it('shortens the rare actions first, then folds them, then the date offer, then wraps', () => {
    expect(TOOLBAR_STEPS.map((_, step) => toolbarLayout(step))).toEqual([
      { actions: 'words', shortDate: false, wrap: false },
      { actions: 'icons', shortDate: false, wrap: false },
      { actions: 'menu', shortDate: false, wrap: false },
      { actions: 'menu', shortDate: true, wrap: false },
      { actions: 'menu', shortDate: true, wrap: true },
    ]);
  });
});
