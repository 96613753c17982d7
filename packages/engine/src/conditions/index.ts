export * from './condition.ts';
export * from './check-condition.ts';
export * from './compile-condition.ts';
export * from './describe-condition.ts';
