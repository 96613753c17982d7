export * from './node-name.ts';
export * from './setting-words.ts';
export * from './schema-issue.ts';
export * from './document-issue.ts';
export * from './graph-messages.ts';
export * from './plain-number.ts';
