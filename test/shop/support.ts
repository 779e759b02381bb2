/**
 * The shop suites' helpers: a simulated shop (sim/shop) started in this process on a free loopback
 * port, and a WooClient for it with short backoffs (the retry policy is the same, only faster).
 */
import { type Shop, createShop } from '../../sim/shop';
import { WooClient, type WooClientOptions } from '../../lib/shop/woocommerce';

export const KEY = 'ck_4b1f0c3e9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';
export const SECRET = 'cs_0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b';
export const HOOK_SECRET = 'whsec-hemligt-åäö-0123456789';

export async function startShop(extra: Partial<Parameters<typeof createShop>[0]> = {}): Promise<Shop> {
  return createShop({ consumerKey: KEY, consumerSecret: SECRET, ...extra });
}

export function clientFor(shop: Shop, o: Partial<WooClientOptions> = {}): WooClient {
  return new WooClient({ url: shop.url, consumerKey: KEY, consumerSecret: SECRET, backoffMs: 20, maxBackoffMs: 200, timeoutMs: 20_000, ...o });
}

/** `n` simple products with SKUs `<prefix>0001`... */
export function products(n: number, prefix = 'ART', price = '100.00'): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    sku: `${prefix}${String(i + 1).padStart(4, '0')}`,
    name: `Artikel ${i + 1}`,
    type: 'simple',
    status: 'publish',
    regular_price: price,
    manage_stock: true,
    meta_data: [{ key: '_pyramid_unit', value: 'st' }],
  }));
}

/** Calls counted by the simulator since the last reset, without the zero routes. */
export function calls(shop: Shop): { total: number; byRoute: Record<string, number> } {
  return shop.calls();
}
