export * from './analyze-workflow.ts';
export * from './source-nodes.ts';
