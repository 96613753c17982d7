import { describe, expect, it } from 'vitest';
import { addGroup, totalPercent, totalProblem } from './split-groups.ts';

describe('split groups', () => {
  it('sums percents in hundredths', () => {
    expect(totalPercent([{ name: 'a', percent: 33.33 }, { name: 'b', percent: 33.33 }, { name: 'c', percent: 33.34 }])).toBe(100);
    expect(totalProblem([{ name: 'a', percent: 45.5 }, { name: 'b', percent: 44.5 }])).toBe('10% still to give out');
    expect(totalProblem([{ name: 'a', percent: 60 }, { name: 'b', percent: 50 }])).toBe('10% too many');
    expect(totalProblem([{ name: 'a', percent: 90 }, { name: 'b', percent: 10 }])).toBeNull();
  });

  it('adds a group with what is left, under a new name', () => {
    expect(addGroup([{ name: 'test', percent: 70 }, { name: 'group_3', percent: 10 }])).toEqual([
      { name: 'test', percent: 70 }, { name: 'group_3', percent: 10 }, { name: 'group_4', percent: 20 },
    ]);
  });
});
