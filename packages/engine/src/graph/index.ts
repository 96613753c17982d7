export * from './adjacency.ts';
export * from './topological-order.ts';
export * from './cycles.ts';
export * from './reachability.ts';
export * from './node-graph.ts';
