export { breakdown } from './breakdown.ts';
export { histogramBins, roundWidth } from './histogram-bins.ts';
export { overlap, regionMasks } from './overlap.ts';
export * from './insight-result.ts';
