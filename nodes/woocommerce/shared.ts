/**
 * What the three WooCommerce nodes share: their config shapes on Node-RED's own types, the status
 * texts from the locale, Node-RED's context as the library's key-value store, and errors for Catch
 * nodes without secrets.
 */
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { errorInfo, type KeyValueStore, type WooClient } from '../../lib/shop/woocommerce';
import type { Node, NodeAPI, NodeDef } from '../red';

export interface StoreDef extends NodeDef {
  url?: string;
  version?: string;
  timeout?: string | number;
  ca?: string;
  contextStore?: string;
}
export interface StoreCredentials {
  consumerKey?: string;
  consumerSecret?: string;
  webhookSecret?: string;
}
export interface InDef extends NodeDef {
  store: string;
  path?: string;
  topics?: string;
  maxBodyKb?: string | number;
  reconcile?: boolean | string;
  interval?: string | number;
  confirm?: boolean | string;
  handover?: string | number;
  /** "each" (every new state is emitted) or "once" (a resource is not emitted again once handed over). */
  states?: string;
  scope?: string;
}
export interface OutDef extends NodeDef {
  store: string;
  resource?: string;
  unknownSku?: string;
  scope?: string;
}

export interface StoreNode extends Node<StoreCredentials> {
  url: string;
  contextStore?: string;
  /** A client for this shop, or the reason there is none (the message names no secret). */
  client(): WooClient;
  options: { url: string; version: string; timeoutMs: number; ca?: string };
}
export interface ShopUserNode extends Node {
  storeNode?: StoreNode;
}

/** A status text (woocommerce.status.<key>) with its substitutions. */
export type StatusText = (key: string, subs?: Record<string, string | number>) => string;

/**
 * Status texts from the locale (woocommerce.status.*), in the runtime's language. Node-RED reads
 * no locales for a node file loaded from a plain nodes directory (RED._ then gives the key back):
 * there the English catalogue beside the node file is used.
 */
export function statusTexts(RED: NodeAPI, nodesDir: string): StatusText {
  let english: Record<string, string> | undefined;
  return (key, subs = {}) => {
    const full = `woocommerce.status.${key}`;
    const text = RED._(full, subs);
    if (text !== full) return text;
    if (!english) {
      try {
        const file = JSON.parse(readFileSync(joinPath(nodesDir, 'locales', 'en-US', 'woocommerce.json'), 'utf8')) as { woocommerce?: { status?: Record<string, string> } };
        english = file.woocommerce?.status ?? {};
      } catch {
        english = {};
      }
    }
    const template = english[key];
    return template === undefined ? full : template.replace(/__(\w+)__/g, (m, name: string) => (name in subs ? String(subs[name]) : m));
  };
}

/** Node-RED's context (global or flow scope, a named store) as the lib's key-value store. */
export function contextStore(node: Node, scope: string | undefined, storeName: string | undefined): KeyValueStore {
  const ctx = scope === 'flow' ? node.context().flow : node.context().global;
  const name = storeName && storeName.trim() !== '' ? storeName.trim() : undefined;
  return {
    get: (key) =>
      new Promise((resolve, reject) => {
        ctx.get(key, name, (err, value) => (err ? reject(err) : resolve(value)));
      }),
    set: (key, value) =>
      new Promise((resolve, reject) => {
        ctx.set(key, value, name, (err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** An Error for done()/Catch: message without secrets, `code` kept. */
export function nodeError(err: unknown, prefix: string): Error & { code: string } {
  const info = errorInfo(err);
  return Object.assign(new Error(`${prefix}: ${info.message}`), { code: info.code });
}

export function shortCount(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
