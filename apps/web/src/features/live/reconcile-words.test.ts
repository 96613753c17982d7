import { describe, expect, it } from 'vitest';
import { reconcileWords } from './LiveAudienceSection.tsx';

const at = '2026-12-06T03:00:00.000Z';
const when = new Date(at).toLocaleString();

describe('what a reconcile found, in a sentence', () => {
  it('says there were no differences', () => {
    expect(reconcileWords({ workflowId: 'w', version: 1, at, trigger: 'nightly', fixed: 0, segments: [{ segment: 'vip', batch: 10, live: 10, missing: 0, extra: 0 }] }))
      .toBe(`Last checked against a batch computation on ${when}: no differences.`);
  });

  it('counts the missing and extra members of each segment that differed', () => {
    expect(reconcileWords({ workflowId: 'w', version: 1, at, trigger: 'request', fixed: 3, segments: [
      { segment: 'vip', batch: 10, live: 9, missing: 2, extra: 1 },
      { segment: 'lapsed', batch: 4, live: 4, missing: 0, extra: 0 },
    ] })).toBe(`Last checked against a batch computation on ${when}: 3 differences fixed (vip: 2 missing, 1 extra).`);
  });
});
