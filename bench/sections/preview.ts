import { createPreviewer, type WorkflowInput } from '../../packages/engine/src/node.ts';
import type { BenchDataset } from '../data.ts';
import type { Figures } from '../figures.ts';
import { progress, summarize, trackPeakRss } from '../measure.ts';
import { AS_OF, editFarRule, editSourceAdjacent, referenceWorkflow } from '../reference-workflow.ts';

const GOAL_MS = 100;

export interface PreviewOptions {
  label: string;
  farEdits: number;
  sourceEdits: number;
  /** Segment sizes from the checked runs at this size, when there were any: the cold preview must agree. */
  expectedSizes?: Record<string, number>;
}

/**
 * Preview latency as the editor sees it: the first (cold) preview of the
 * reference workflow, then one-rule edits. Each edit sets a value not used
 * before, so it is a real recomputation, never a cache hit; and the nodes
 * recomputed are checked to be exactly the edited one and what lies below it.
 */
export async function previewSection(figures: Figures, dataset: BenchDataset, o: PreviewOptions): Promise<void> {
  progress(`${o.label}: preview latency`);
  const peak = trackPeakRss();
  const base = referenceWorkflow({ customers: dataset.customersPath, events: dataset.eventsPath, outputs: 'unused' });
  const previewer = await createPreviewer({ resolvePath: (p) => p });
  try {
    let started = performance.now();
    const cold = await previewer.preview(base, { asOf: AS_OF });
    const coldMs = performance.now() - started;
    if (o.expectedSizes) {
      const outputs: Record<string, string> = { vip_active: 'out_vip', vip_winback: 'out_winback', cart_recovery: 'out_cart', offer: 'out_offer' };
      for (const [segment, size] of Object.entries(o.expectedSizes))
        if (cold.counts[outputs[segment]]?.rows !== size)
          throw new Error(`SEGMENTS DIFFER: preview counts ${cold.counts[outputs[segment]]?.rows} for "${segment}", runs made ${size}`);
    }
    figures.add(`preview ${o.label}: cold (every node)`, coldMs, 'ms');

    const edits = async (count: number, edit: (doc: WorkflowInput, value: number) => WorkflowInput, first: number, expected: string[]) => {
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const document = edit(base, first + i);
        started = performance.now();
        const result = await previewer.preview(document, { asOf: AS_OF });
        samples.push(performance.now() - started);
        const computed = [...result.computed].sort();
        if (computed.join() !== [...expected].sort().join())
          throw new Error(`preview recomputed ${computed.join(', ')} after an edit that should recompute ${expected.join(', ')}`);
      }
      return summarize(samples);
    };

    const far = await edits(o.farEdits, editFarRule, 31, ['vip_active', 'out_vip']);
    figures.add(`preview ${o.label}: p95 after a one-rule edit far down (vip_active)`, far.p95, 'ms', {
      spread: far, goal: { text: `< ${GOAL_MS} ms`, met: far.p95 < GOAL_MS }, note: `median ${Math.round(far.median)} ms; recomputes 2 nodes`,
    });
    const downstream = ['spend_365d', 'orders_365d', 'aov', 'spend_rank', 'top_spenders', 'last_seen', 'vip', 'vip_active', 'lapsed', 'offer_final', 'out_vip', 'out_winback', 'out_offer'];
    const near = await edits(o.sourceEdits, editSourceAdjacent, 366, downstream);
    figures.add(`preview ${o.label}: p95 after editing a source-adjacent node (spend_365d)`, near.p95, 'ms', {
      spread: near, note: `median ${Math.round(near.median)} ms; recomputes ${downstream.length} nodes, the rank barrier included`,
    });
  } finally {
    previewer.close();
  }
  figures.add(`peak RSS: preview ${o.label}`, peak(), 'MB', {
    note: `bench process; the previewer keeps every computed node's table (up to 400 tables, whatever their size): ${o.sourceEdits} source-adjacent edits add ${o.sourceEdits * 13} tables`,
  });
}
