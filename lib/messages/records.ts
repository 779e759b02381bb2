/**
 * What a message's records are, for the nodes that split, count and set invalid records aside:
 * one rule here, so the message node, the docs and the editor cannot disagree.
 */
import type { ListField, Part } from './types';
import { bodyOf, defaultPart, getDescriptor } from './registry';
import { recordLists } from './walk';

/**
 * The lists whose items are the message's records: items directly under the root (Artikel,
 * Artikelsaldo, Kundpost, ...) or lists read as a stream (Pris fullständig). Empty when the message
 * is itself one record (an order, an order status, Grunddata, a web-service request or response).
 * The same rule gives `readMessage(...).count`.
 */
export function messageRecordLists(type: string, part?: Part): ListField[] {
  return recordLists(bodyOf(getDescriptor(type), part)).filter((l) => l.xml === '' || !!l.stream);
}

/** Records in a model by that rule: the items of its record lists, or 1 for a single-record message. */
export function recordCount(type: string, model: unknown, part?: Part): number {
  const lists = messageRecordLists(type, part);
  if (!lists.length) return 1;
  const m = model && typeof model === 'object' ? (model as Record<string, unknown>) : {};
  return lists.reduce((n, l) => n + (Array.isArray(m[l.key]) ? (m[l.key] as unknown[]).length : 0), 0);
}

/**
 * Whether a document may set invalid records aside while the valid ones go on: files out of Pyramid
 * and web-service responses that hold lists of records. What goes into Pyramid (Order, Offert, a Kund
 * registration built by the shop, every web-service request) is whole or nothing: never half an order.
 */
export function mayCollectInvalid(type: string, part?: Part): boolean {
  const d = getDescriptor(type);
  const p = part ?? defaultPart(d);
  if (p === 'request' || (p === 'file' && d.direction === 'in')) return false;
  return recordLists(bodyOf(d, p)).length > 0;
}
