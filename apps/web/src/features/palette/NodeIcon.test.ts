import { NODE_DEFINITIONS } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { ICONS } from './NodeIcon.tsx';

describe('NodeIcon', () => {
  it('draws the icon every kind names', () => {
    for (const definition of NODE_DEFINITIONS) expect(ICONS[definition.icon], `${definition.kind}: ${definition.icon}`).toBeDefined();
  });
});
