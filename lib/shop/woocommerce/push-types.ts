/**
 * The shapes of a push to WooCommerce (its context, result and records) and the per-key memory it
 * keeps in the store: store keys, the control keys of a record, SKU keys.
 */
import { createHash } from 'node:crypto';
import type { WooClient } from './client';
import type { KeyValueStore } from './store';

export type Resource = 'products' | 'stock' | 'prices' | 'orders' | 'customers';
export type Rec = Record<string, unknown>;

export interface OkRecord extends Rec {
  id: number;
  result: 'created' | 'updated' | 'unchanged';
}
export interface FailedRecord extends Rec {
  error: { code: string; message: string };
}

export interface PushResult {
  resource: Resource;
  ok: OkRecord[];
  failed: FailedRecord[];
  created: number;
  updated: number;
  unchanged: number;
  /** Stock/price records for a SKU the shop does not have, left out (`unknownSku: 'skip'`). */
  skipped: number;
  /** REST calls made by this push, retries included. */
  calls: number;
}

export interface PushContext {
  client: WooClient;
  store: KeyValueStore;
  /** Prefix of the store keys (one per shop: see shopPrefix). */
  prefix: string;
  /** Items per batch call, at most 100 (WooCommerce's limit). */
  batchSize?: number;
  /** Push every record, even one whose hash says it is unchanged (after edits in the shop). */
  force?: boolean;
  /**
   * Stock and prices for a SKU the shop does not have: 'fail' (default) reports the record as failed
   * with `sku_not_found`; 'skip' leaves it out silently (counted in `skipped`).
   */
  unknownSku?: 'fail' | 'skip';
  /** Called before each batch call: (1-based batch number, batches planned so far). */
  onBatch?: (n: number, of: number) => void;
  /**
   * Called with each input record (the object given, not a copy) and what became of it: the
   * OkRecord or FailedRecord also listed in the result, or 'skipped'. Lets a caller that pushes the
   * records of several msgs at once give each msg its own records back.
   */
  onRecord?: (record: unknown, kind: 'ok' | 'failed' | 'skipped', outcome?: OkRecord | FailedRecord) => void;
}

export interface IdEntry {
  id: number;
  /** The parent product's id for a variation, 0 for a product. */
  parent: number;
  type: string;
  /** A variable product's attributes as last sent or read. */
  attributes?: Attribute[];
}

export interface Attribute {
  id?: number;
  name: string;
  options: string[];
  visible?: boolean;
  variation?: boolean;
  position?: number;
}

export interface Memory {
  ids: Record<string, IdEntry>;
  hashes: Record<string, { h: string; id: number }>;
}

/**
 * The per-key memory in the store: one key per SKU (`<prefix>id_<sku>`: the shop's id, shared by
 * every resource) and one per pushed record (`<prefix>push_<resource>_<key>`: the hash last pushed),
 * so a push reads and writes only the keys of its own records, never a map of the whole catalogue
 * (at 50,000 articles copying those maps per msg was most of a push's CPU). A key that is not a
 * plain identifier (letters, digits, `_`, `-`, at most 100) is stored under a digest of it
 * (`idh_`, `pushh_`). Earlier versions kept one map per kind (`<prefix>ids`, `<prefix>push_<resource>`):
 * the first push that finds one moves it into per-key entries and deletes it.
 */
export function storeKey(kind: 'id' | 'push', prefix: string, resource: string, key: string): string {
  const plain = /^[A-Za-z0-9_-]{1,100}$/.test(key);
  const k = plain ? key : createHash('sha256').update(key).digest('base64url').slice(0, 27);
  if (kind === 'id') return `${prefix}id${plain ? '' : 'h'}_${k}`;
  return `${prefix}push${plain ? '' : 'h'}_${resource}_${k}`;
}

export const CONTROL_KEYS = ['parent_sku', 'unpublish', 'result', 'error'];
export const MAX_RETRIES = 3;

export function isObject(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const skuKey = (sku: string): string => sku.trim().toLowerCase();

/** An attribute as the memory keeps it: the fields WooCommerce answers with, in plain values. */
export function cleanAttribute(a: Attribute): Attribute {
  const out: Attribute = { name: String(a.name), options: Array.isArray(a.options) ? a.options.map(String) : [] };
  if (a.id) out.id = a.id;
  if (a.visible !== undefined) out.visible = a.visible;
  if (a.variation !== undefined) out.variation = a.variation;
  if (a.position !== undefined) out.position = a.position;
  return out;
}
