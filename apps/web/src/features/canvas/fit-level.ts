/**
 * How a crowded bar gives way, one step at a time: the bar is measured after each
 * step and takes the next only while it is still crowded, so it keeps as much as
 * fits rather than folding at a fixed window width.
 */

/** The editor toolbar's steps, from roomy to tight. Run and Publish keep their words in every one. */
export const TOOLBAR_STEPS = ['full', 'icons', 'menu', 'short-date', 'wrap'] as const;
export type ToolbarStep = (typeof TOOLBAR_STEPS)[number];

/** The tabs under the canvas: closer together, then icons alone but the chosen tab (words as tooltips). */
export const TAB_STEPS = ['full', 'tight', 'icons'] as const;

/** Below this width a cut-off workflow name is worth folding the rarer actions for. */
export const NAME_ROOM = 200;

export interface BarMeasure {
  /** The bar's content width and its box width (scrollWidth, clientWidth). */
  contentWidth: number;
  boxWidth: number;
  /** The name field's box width and the width its text wants, when the bar has one. */
  nameWidth?: number;
  nameTextWidth?: number;
}

/** The bar's content runs past its edge (a pixel of rounding aside). */
export const overflows = (m: BarMeasure) => m.contentWidth > m.boxWidth + 1;

/** The name is cut and squeezed under the room it deserves. */
export const nameCramped = (m: BarMeasure) =>
  m.nameWidth !== undefined && m.nameTextWidth !== undefined && m.nameTextWidth > m.nameWidth + 1 && m.nameWidth < NAME_ROOM;

/**
 * The step to take after measuring at `step` (of `last` + 1 steps). Anything cut
 * off takes the next step; a cramped name takes any but the last, which is kept
 * for real overflow (wrapping to two rows is worse than a short name).
 */
export function nextStep(step: number, last: number, m: BarMeasure): number {
  if (step < last && overflows(m)) return step + 1;
  if (step < last - 1 && nameCramped(m)) return step + 1;
  return step;
}

/** The toolbar at a step: what each part shows. */
export function toolbarLayout(step: number) {
  const at = (name: ToolbarStep) => step >= TOOLBAR_STEPS.indexOf(name);
  return {
    /** Tidy layout, Export, Look up, Import: 'words', icons alone (words as tooltips), or in the More menu. */
    actions: at('menu') ? ('menu' as const) : at('icons') ? ('icons' as const) : ('words' as const),
    shortDate: at('short-date'),
    wrap: at('wrap'),
  };
}
