import { describe, expect, it } from 'vitest';
import { menuKeyTarget } from './menu-keys.ts';

describe('the keys of a menu', () => {
  it('move down and up, wrapping around the ends', () => {
    expect(menuKeyTarget('ArrowDown', 0, 4)).toBe(1);
    expect(menuKeyTarget('ArrowDown', 3, 4)).toBe(0);
    expect(menuKeyTarget('ArrowUp', 0, 4)).toBe(3);
    expect(menuKeyTarget('ArrowUp', 2, 4)).toBe(1);
  });

  it('start from the first or last item when no item has the focus', () => {
    expect(menuKeyTarget('ArrowDown', -1, 4)).toBe(0);
    expect(menuKeyTarget('ArrowUp', -1, 4)).toBe(3);
  });

  it('jump to the ends with Home and End, and leave other keys and empty menus alone', () => {
    expect(menuKeyTarget('Home', 2, 4)).toBe(0);
    expect(menuKeyTarget('End', 0, 4)).toBe(3);
    expect(menuKeyTarget('a', 0, 4)).toBeUndefined();
    expect(menuKeyTarget('ArrowDown', -1, 0)).toBeUndefined();
  });
});
