export * from './plan-run.ts';
