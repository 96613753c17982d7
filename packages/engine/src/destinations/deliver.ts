/** Remote destinations of an output node (Node-only): webhook and postgres delivery. */
export { deliverWebhook, sendBatch, webhookBatchKey, type DeliveryContext, type WebhookContext, type WebhookDelivery } from './deliver-webhook.ts';
export { deliverPostgres, postgresDeliveryKey, PG_TYPES, type PostgresContext, type PostgresDelivery } from './deliver-postgres.ts';
export { jsonValue, pgText, segmentFromRows, type SegmentBatches } from './segment-batches.ts';
export { connectPostgres, postgresClient } from './postgres-client.ts';
export { jsonPoster, type JsonPoster } from './http-post.ts';
