/**
 * Where the focus goes in a menu of `count` items for a key pressed on item
 * `current` (-1 when none has it): ↓ and ↑ wrap around, Home and End jump.
 * Undefined for keys a menu leaves alone.
 */
export function menuKeyTarget(key: string, current: number, count: number): number | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return (current + 1) % count;
    case 'ArrowUp':
      return current <= 0 ? count - 1 : current - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
