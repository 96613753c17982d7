/** Everything `src/node.ts` re-exports from the destinations (Node-only). */
export * from './deliver.ts';
export * from './destination-schema.ts';
export * from './postgres-url.ts';
export * from './credentials.ts';
export { addressKind, checkCidr, refusedAddress, type AddressKind } from './address-policy.ts';
export { guardedLookup, REFUSED_ADDRESS } from './guarded-lookup.ts';
export { fileLedger, memoryLedger, type DeliveryLedger } from './ledger.ts';
export { tableSegment } from './duckdb-segment.ts';
export { deliveryScope, diffMembership, memorySnapshots, writeSnapshot, type MembershipChanges, type MembershipSnapshots } from './membership.ts';
export { deliverWebhookChanges } from './webhook-changes.ts';
export { folderSnapshots } from './folder-snapshots.ts';
