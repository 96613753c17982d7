export * from './analyze-workflow.ts';
