export * from './describe-rule.ts';
export * from './describe-path.ts';
