export * from './task-files.ts';
export * from './run-task-step.ts';
export * from './task-backend.ts';
