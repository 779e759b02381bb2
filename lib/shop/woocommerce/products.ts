/**
 * Pushing products: upsert by SKU, categories by name, variations under a parent made `variable`
 * with its attribute options merged, unpublish.
 */
import { errorInfo } from './errors';
import { recordHash } from './store';
import { cleanAttribute, isObject, skuKey, type Attribute, type IdEntry, type PushContext, type PushResult, type Rec } from './push-types';
import { Pusher } from './pusher';
import { hashable, lastByKey, runBatches, skuError, withoutControl, type Item } from './push-batches';

/** A variation's attributes as WooCommerce wants them ({name, option}), from either shape. */
function variationAttributes(record: Rec): { name: string; option: string }[] {
  const list = Array.isArray(record.attributes) ? record.attributes : [];
  const out: { name: string; option: string }[] = [];
  for (const a of list) {
    if (!isObject(a) || typeof a.name !== 'string' || a.name.trim() === '') continue;
    const option = typeof a.option === 'string' ? a.option : Array.isArray(a.options) && a.options.length > 0 ? String(a.options[0]) : '';
    if (option !== '') out.push({ name: a.name.trim(), option });
  }
  return out;
}

/** Merges variation options into a parent's attributes (names compared case-insensitively). */
function mergeAttributes(base: Attribute[], add: { name: string; option: string }[]): { attributes: Attribute[]; changed: boolean } {
  const attributes = base.map((a) => ({ ...a, options: [...a.options] }));
  let changed = false;
  for (const { name, option } of add) {
    let a = attributes.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!a) {
      a = { name, options: [], visible: true, variation: true };
      attributes.push(a);
      changed = true;
    }
    if (!a.variation) {
      a.variation = true;
      changed = true;
    }
    if (!a.options.some((o) => o.toLowerCase() === option.toLowerCase())) {
      a.options.push(option);
      changed = true;
    }
  }
  return { attributes, changed };
}

/** Category names -> ids (looked up by name, the missing ones created in one batch). */
async function resolveCategories(p: Pusher, items: Item[]): Promise<void> {
  const names = new Set<string>();
  for (const i of items) {
    const cats = i.body.categories;
    if (!Array.isArray(cats)) continue;
    for (const c of cats) if (isObject(c) && c.id === undefined && typeof c.name === 'string' && c.name.trim()) names.add(c.name.trim());
  }
  if (names.size === 0) return;
  const key = `${p.ctx.prefix}categories`;
  const stored = await p.ctx.store.get(key);
  const known: Record<string, number> = isObject(stored) ? { ...(stored as Record<string, number>) } : {};
  const missing: string[] = [];
  for (const name of names) {
    if (known[name.toLowerCase()]) continue;
    const found = await p.ctx.client.list<Rec>('products/categories', { search: name });
    const hit = found.find((c) => typeof c.name === 'string' && decodeHtml(c.name).toLowerCase() === name.toLowerCase());
    if (hit && typeof hit.id === 'number') known[name.toLowerCase()] = hit.id;
    else missing.push(name);
  }
  for (let i = 0; i < missing.length; i += 100) {
    const chunk = missing.slice(i, i + 100);
    const res = await p.ctx.client.request<Rec>('POST', 'products/categories/batch', { body: { create: chunk.map((name) => ({ name })) }, mayCreate: true });
    const created = Array.isArray(res.body.create) ? res.body.create : [];
    chunk.forEach((name, n) => {
      const c = created[n];
      if (isObject(c) && typeof c.id === 'number') known[name.toLowerCase()] = c.id;
      else if (isObject(c) && isObject(c.error) && isObject(c.error.data) && typeof c.error.data.resource_id === 'number') {
        known[name.toLowerCase()] = c.error.data.resource_id; // term_exists
      }
    });
  }
  await p.ctx.store.set(key, known);
  for (const i of items) {
    const cats = i.body.categories;
    if (!Array.isArray(cats)) continue;
    i.body.categories = cats
      .map((c) => (isObject(c) && c.id === undefined && typeof c.name === 'string' ? { id: known[c.name.trim().toLowerCase()] } : c))
      .filter((c) => isObject(c) && typeof c.id === 'number');
  }
}

function decodeHtml(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&#0?39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

const invalidSkuId = (e: Rec): number | undefined =>
  e.code === 'product_invalid_sku' && typeof e.resource_id === 'number' ? e.resource_id : undefined;

// ---------------------------------------------------------------------------------------------
// products

export async function pushProducts(ctx: PushContext, records: unknown[]): Promise<PushResult> {
  const p = new Pusher(ctx, 'products');
  await p.load();
  const candidates: Item[] = [];
  for (const r of records) {
    const bad = skuError(r);
    if (bad) {
      p.fail(r, 'invalid_record', bad);
      continue;
    }
    const record = r as Rec;
    candidates.push({ record, key: skuKey(record.sku as string), hash: recordHash(hashable(record)), body: withoutControl(record), tries: 0 });
  }
  const all = lastByKey(p, candidates);
  await p.prefetch([...all.map((i) => i.key), ...all.filter(variantsOfParent).map((i) => skuKey(String(i.record.parent_sku)))]);
  // every parent named by a variation of this push (changed or not)
  const variantsOf = new Map<string, Item[]>();
  for (const i of all) {
    if (typeof i.record.parent_sku === 'string' && i.record.parent_sku.trim()) {
      const k = skuKey(i.record.parent_sku);
      variantsOf.set(k, [...(variantsOf.get(k) ?? []), i]);
    }
  }
  const changed: Item[] = [];
  for (const i of all) {
    const h = p.mem.hashes[i.key];
    const known = p.mem.ids[i.key];
    const parentNeedsWork = variantsOf.has(i.key) && (!known || known.type !== 'variable');
    if (!ctx.force && h && h.h === i.hash && known && !parentNeedsWork) p.ok(i.record, known.id, 'unchanged');
    else changed.push(i);
  }
  if (changed.length === 0) return p.finish();

  const products = changed.filter((i) => !variantsOfParent(i));
  const variations = changed.filter((i) => variantsOfParent(i));
  // look up what we have no id for: changed records and the parents of changed variations
  const unknown = new Set<string>();
  for (const i of changed) if (!p.mem.ids[i.key]) unknown.add(String(i.record.sku));
  for (const v of variations) {
    const parent = String(v.record.parent_sku);
    if (!p.mem.ids[skuKey(parent)] && !products.some((x) => x.key === skuKey(parent))) unknown.add(parent);
  }
  if (unknown.size > 0) await p.lookup(unknown);

  // products (parents first: their variations need their ids)
  const productItems: Item[] = [];
  for (const i of products) {
    const known = p.mem.ids[i.key];
    if (known && known.parent !== 0) {
      p.fail(i.record, 'product_invalid_sku', `${String(i.record.sku)} is a variation in the shop; give its parent_sku`);
      continue;
    }
    if (i.record.unpublish === true) {
      if (!known) {
        p.ok(i.record, 0, 'unchanged', i.key, i.hash);
        continue;
      }
      i.body = { status: 'draft' };
      i.updateOnly = true;
    } else {
      const kids = variantsOf.get(i.key);
      if (kids || known?.type === 'variable') {
        i.body.type = 'variable';
        const own = Array.isArray(i.body.attributes) ? (i.body.attributes as Attribute[]).filter((a) => isObject(a) && typeof a.name === 'string').map(cleanAttribute) : (known?.attributes ?? []);
        const add = (kids ?? []).flatMap((k) => variationAttributes(k.record));
        const keep = (known?.attributes ?? []).filter((a) => a.variation).flatMap((a) => a.options.map((o) => ({ name: a.name, option: o })));
        i.body.attributes = mergeAttributes(own, [...keep, ...add]).attributes;
        // a variable product has no price or stock of its own in WooCommerce's model
        delete i.body.regular_price;
        delete i.body.sale_price;
      }
    }
    i.id = known?.id;
    productItems.push(i);
  }
  await resolveCategories(p, productItems);
  const relookProducts = async (items: Item[]): Promise<void> => {
    await p.lookup(items.map((i) => String(i.record.sku)));
    for (const i of items) i.id = p.mem.ids[i.key]?.id;
  };
  await runBatches(p, 'products/batch', productItems, {
    relookup: relookProducts,
    existingIdOf: invalidSkuId,
    onDone: (item, a, created) => {
      const id = Number(a.id);
      const entry: IdEntry = { id, parent: 0, type: String(a.type ?? item.body.type ?? 'simple') };
      if (entry.type === 'variable' && Array.isArray(a.attributes)) entry.attributes = (a.attributes as Attribute[]).map(cleanAttribute);
      p.mem.ids[item.key] = entry;
      p.ok(item.record, id, created ? 'created' : 'updated', item.key, item.hash);
    },
  });

  // variations, per parent
  const byParent = new Map<string, Item[]>();
  for (const v of variations) {
    const k = skuKey(String(v.record.parent_sku));
    byParent.set(k, [...(byParent.get(k) ?? []), v]);
  }
  for (const [parentKey, items] of byParent) {
    const parent = p.mem.ids[parentKey];
    if (!parent || parent.parent !== 0) {
      const why = p.result.failed.find((f) => isObject(f) && typeof f.sku === 'string' && skuKey(f.sku) === parentKey);
      for (const i of items) {
        p.fail(i.record, 'parent_not_found', `parent ${String(i.record.parent_sku)} of ${String(i.record.sku)} is not in the shop${why ? ` (it failed: ${why.error.message})` : ''}`);
      }
      continue;
    }
    // the parent must be variable and offer every option its variations use
    const wanted = items.flatMap((i) => variationAttributes(i.record));
    const base = parent.attributes ?? [];
    const merged = mergeAttributes(base, wanted);
    if (parent.type !== 'variable' || merged.changed) {
      try {
        let current = base;
        if (!parent.attributes) {
          const res = await p.ctx.client.request<Rec>('GET', `products/${parent.id}`);
          current = Array.isArray(res.body.attributes) ? (res.body.attributes as Attribute[]).map(cleanAttribute) : [];
        }
        const attributes = mergeAttributes(current, wanted).attributes;
        const res = await p.ctx.client.request<Rec>('PUT', `products/${parent.id}`, { body: { type: 'variable', attributes } });
        parent.type = String(res.body.type ?? 'variable');
        parent.attributes = Array.isArray(res.body.attributes) ? (res.body.attributes as Attribute[]).map(cleanAttribute) : attributes;
        // the parent changed in the shop: its pushed hash no longer describes it
        p.forgetHash(parentKey);
      } catch (err) {
        const e = errorInfo(err);
        for (const i of items) p.fail(i.record, e.code, `parent ${String(i.record.parent_sku)}: ${e.message}`);
        continue;
      }
    }
    const varItems: Item[] = [];
    for (const i of items) {
      const known = p.mem.ids[i.key];
      if (known && known.parent !== parent.id) {
        p.fail(i.record, 'product_invalid_sku', `${String(i.record.sku)} exists in the shop ${known.parent ? `under another parent (${known.parent})` : 'as a product'}`);
        continue;
      }
      const body = withoutControl(i.record);
      for (const k of ['name', 'type', 'categories', 'short_description', 'featured', 'catalog_visibility', 'slug', 'grouped_products', 'default_attributes', 'images']) delete body[k];
      body.attributes = variationAttributes(i.record);
      if (i.record.unpublish === true) {
        if (!known) {
          p.ok(i.record, 0, 'unchanged', i.key, i.hash);
          continue;
        }
        i.body = { status: 'private' };
        i.updateOnly = true;
      } else i.body = body;
      i.id = known?.id;
      varItems.push(i);
    }
    await runBatches(p, `products/${parent.id}/variations/batch`, varItems, {
      relookup: relookProducts,
      existingIdOf: invalidSkuId,
      onDone: (item, a, created) => {
        const id = Number(a.id);
        p.mem.ids[item.key] = { id, parent: parent.id, type: 'variation' };
        p.ok(item.record, id, created ? 'created' : 'updated', item.key, item.hash);
      },
    });
  }
  await p.save();
  return p.finish();
}

export function variantsOfParent(i: Item): boolean {
  return typeof i.record.parent_sku === 'string' && i.record.parent_sku.trim() !== '';
}
