/**
 * The WooCommerce side of the integration as a library (imports nothing from Node-RED): the REST
 * client, pushes in batches with a per-SKU memory, webhook signature/ping/dedupe and reconciliation.
 */
export { WooClient, retryAfterMs, type WooClientOptions, type WooResponse, type RequestOptions } from './client';
export { WooError, errorInfo } from './errors';
export { MemoryStore, recordHash, shopPrefix, stableJson, type KeyValueStore } from './store';
export { PushBatcher, type BatchInput, type BatcherOptions } from './batcher';
export {
  CLASSIFIABLE,
  classify,
  type Classification,
  push,
  pushProducts,
  pushStock,
  pushPrices,
  updateOrders,
  upsertCustomers,
  type FailedRecord,
  type OkRecord,
  type PushContext,
  type PushResult,
  type Resource,
} from './upsert';
export {
  Deduper,
  isPingBody,
  modifiedOf,
  verifySignature,
  webhookMeta,
  type Decision,
  type DeduperOptions,
  type PendingEntry,
  type Verdict,
  type WebhookMeta,
} from './webhook';
export { answerJson, readCapped, receiveWebhook, type WebhookHttpOptions, type WebhookOutcome } from './webhook-http';
export {
  reconcileOrders,
  resendPending,
  type ReconcileOptions,
  type ReconcileResult,
  type ReconciledOrder,
  type ResendResult,
  type ResentResource,
} from './reconcile';
