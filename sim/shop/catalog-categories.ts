/**
 * Product categories with WooCommerce's rules: unique slugs, no two siblings with one name,
 * "Uncategorized" as the default, queries and the REST view.
 */
import { RestError } from './http';
import {
  type CategoryRecord,
  type ShopState,
  type IdFilter,
  type ListOrder,
  foldForSearch,
  matchesIds,
  sanitizeTitle,
} from './state';
import { CategoryInput } from './catalog-schema';
import { links } from './catalog-views';

// ---------------------------------------------------------------------------------------------
// Categories

export function categoryOrThrow(state: ShopState, id: number, status: number): CategoryRecord {
  const c = state.categories.get(id);
  if (!c) throw new RestError('woocommerce_rest_term_invalid', 'Resource does not exist.', status);
  return c;
}

export function uniqueCategorySlug(state: ShopState, wanted: string, selfId: number): string {
  const taken = (slug: string): boolean => [...state.categories.values()].some((c) => c.id !== selfId && c.slug === slug);
  if (!taken(wanted)) return wanted;
  let n = 2;
  while (taken(`${wanted}-${n}`)) n += 1;
  return `${wanted}-${n}`;
}

export function assertNoSibling(state: ShopState, name: string, parent: number, selfId: number): void {
  const folded = foldForSearch(name.trim());
  const sibling = [...state.categories.values()].find(
    (c) => c.id !== selfId && c.parent === parent && foldForSearch(c.name) === folded,
  );
  if (sibling) {
    throw new RestError('term_exists', 'A term with the name provided already exists with this parent.', 400, {
      resource_id: sibling.id,
    });
  }
}

export function getCategory(state: ShopState, id: number): CategoryRecord {
  return categoryOrThrow(state, id, 404);
}

export function createCategory(state: ShopState, input: CategoryInput): CategoryRecord {
  const name = (input.name ?? '').trim();
  if (!name) throw new RestError('empty_term_name', 'A name is required for this term.', 400);
  const parent = input.parent ?? 0;
  if (parent !== 0) categoryOrThrow(state, parent, 400);
  assertNoSibling(state, name, parent, 0);
  const id = state.nextId('term');
  const c: CategoryRecord = {
    id,
    name,
    slug: uniqueCategorySlug(state, sanitizeTitle(input.slug || name) || String(id), id),
    parent,
    description: input.description ?? '',
    menuOrder: input.menu_order ?? 0,
  };
  state.categories.set(id, c);
  return c;
}

export function updateCategory(state: ShopState, id: number, input: CategoryInput): CategoryRecord {
  const c = { ...categoryOrThrow(state, id, 400) };
  if (input.parent !== undefined) {
    if (input.parent !== 0) categoryOrThrow(state, input.parent, 400);
    c.parent = input.parent;
  }
  if (input.name !== undefined && input.name.trim() !== '') c.name = input.name.trim();
  assertNoSibling(state, c.name, c.parent, id);
  if (input.slug !== undefined && input.slug.trim() !== '') c.slug = uniqueCategorySlug(state, sanitizeTitle(input.slug), id);
  if (input.description !== undefined) c.description = input.description;
  if (input.menu_order !== undefined) c.menuOrder = input.menu_order;
  state.categories.set(id, c);
  return c;
}

export function deleteCategory(state: ShopState, id: number, force: boolean): CategoryRecord {
  if (!force) throw new RestError('woocommerce_rest_trash_not_supported', 'Resource does not support trashing.', 501);
  const c = categoryOrThrow(state, id, 404);
  if (id === state.defaultCategoryId) {
    throw new RestError('woocommerce_rest_cannot_delete', 'Default product category cannot be deleted.', 500);
  }
  state.categories.delete(id);
  for (const p of state.products.values()) {
    if (!p.categoryIds.includes(id)) continue;
    p.categoryIds = p.categoryIds.filter((x) => x !== id);
    if (p.categoryIds.length === 0 && p.kind === 'product') p.categoryIds = [state.defaultCategoryId];
  }
  for (const child of state.categories.values()) if (child.parent === id) child.parent = c.parent;
  return c;
}

export function categoryCount(state: ShopState, id: number): number {
  let n = 0;
  for (const p of state.products.values()) if (p.status === 'publish' && p.categoryIds.includes(id)) n += 1;
  return n;
}

export function queryCategories(
  state: ShopState,
  q: IdFilter & ListOrder & { search?: string; slug?: string; parent?: number; hideEmpty: boolean },
): CategoryRecord[] {
  const needle = q.search ? foldForSearch(q.search.trim()) : '';
  const dir = q.order === 'asc' ? 1 : -1;
  return [...state.categories.values()]
    .filter((c) => !needle || foldForSearch(`${c.name} ${c.slug}`).includes(needle))
    .filter((c) => !q.slug || q.slug.split(',').map((x) => x.trim()).includes(c.slug))
    .filter((c) => q.parent === undefined || c.parent === q.parent)
    .filter((c) => !q.hideEmpty || categoryCount(state, c.id) > 0)
    .filter((c) => matchesIds(c.id, q))
    .sort((a, b) => {
      const key = (c: CategoryRecord): string | number => {
        if (q.orderby === 'id') return c.id;
        if (q.orderby === 'slug') return c.slug;
        if (q.orderby === 'count') return categoryCount(state, c.id);
        if (q.orderby === 'include' && q.include) return q.include.indexOf(c.id);
        return c.name.toLowerCase();
      };
      const ka = key(a);
      const kb = key(b);
      if (ka < kb) return -dir;
      if (ka > kb) return dir;
      return (a.id - b.id) * dir;
    });
}

export function categoryView(state: ShopState, c: CategoryRecord): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    parent: c.parent,
    description: c.description,
    display: 'default',
    image: null,
    menu_order: c.menuOrder,
    count: categoryCount(state, c.id),
    _links: links(state, `products/categories/${c.id}`, 'products/categories'),
  };
}
