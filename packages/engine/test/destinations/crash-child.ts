/**
 * One delivery in a process of its own, for the kill -9 test:
 * crash-child.ts URL LEDGER_PATH ROWS BATCH_SIZE RUN_ID
 */
import { deliverWebhook } from '../../src/destinations/deliver-webhook.ts';
import { fileLedger } from '../../src/destinations/ledger.ts';
import { segmentFromRows } from '../../src/destinations/segment-batches.ts';
import { ALLOW_LOOPBACK, CUSTOMER_TYPES, customers } from './receiver.ts';

const [url, ledgerPath, rows, batchSize, runId] = process.argv.slice(2);
await deliverWebhook(
  segmentFromRows(customers(Number(rows)), { types: CUSTOMER_TYPES }),
  { type: 'webhook', url, batchSize: Number(batchSize) },
  { runId, nodeId: 'out', segmentName: 'vip', ledger: fileLedger(ledgerPath), allow: ALLOW_LOOPBACK },
);
console.log('delivered');
