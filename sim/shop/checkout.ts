/**
 * The shop's checkout, reduced to a button: a paid order for 1–3 random in-stock products, bought by
 * a Swedish customer with a Swedish shipping method and payment provider. It goes through the same
 * validation and `createOrder` as POST /orders, so it fires `order.created` like a real purchase.
 */
import { RestError } from './http';
import { isPurchasable, stockOf } from './catalog';
import { oreToDecimal, splitVat } from './money';
import { type OrderInput, createOrder, orderProperties } from './orders';
import type { Address, BillingAddress, OrderRecord, ShopState } from './state';
import { validateParams } from './validate';

interface Buyer {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  postcode: string;
  city: string;
  email: string;
  phone: string;
}

const BUYERS: readonly Buyer[] = [
  { first_name: 'Anna', last_name: 'Lindqvist', company: '', address_1: 'Storgatan 12', postcode: '411 38', city: 'Göteborg', email: 'anna.lindqvist@example.se', phone: '070-123 45 67' },
  { first_name: 'Erik', last_name: 'Söderberg', company: '', address_1: 'Vasagatan 7', postcode: '111 20', city: 'Stockholm', email: 'erik.soderberg@example.se', phone: '073-987 65 43' },
  { first_name: 'Märta', last_name: 'Åkesson', company: 'Åkessons Bygg AB', address_1: 'Östra Hamngatan 24', postcode: '411 09', city: 'Göteborg', email: 'marta@akessonsbygg.example.se', phone: '031-12 34 56' },
  { first_name: 'Björn', last_name: 'Ek', company: 'Björk & Söner AB', address_1: 'Drottninggatan 3', postcode: '252 21', city: 'Helsingborg', email: 'inkop@bjorksoner.example.se', phone: '042-21 43 65' },
  { first_name: 'Sofia', last_name: 'Öberg', company: '', address_1: 'Kungsgatan 44', postcode: '753 21', city: 'Uppsala', email: 'sofia.oberg@example.se', phone: '076-555 12 34' },
  { first_name: 'Karin', last_name: 'Hällström', company: '', address_1: 'Södra Förstadsgatan 9', postcode: '211 43', city: 'Malmö', email: 'karin.hallstrom@example.se', phone: '072-444 33 22' },
  { first_name: 'Lars', last_name: 'Nyström', company: 'Nyströms Rör & Värme', address_1: 'Ågatan 15', postcode: '582 22', city: 'Linköping', email: 'lars@nystromsror.example.se', phone: '013-10 20 30' },
];

/** Shipping methods with their price including VAT, in öre. */
const SHIPPING: readonly { methodId: string; title: string; priceOre: number }[] = [
  { methodId: 'flat_rate', title: 'PostNord MyPack Collect', priceOre: 5900 },
  { methodId: 'flat_rate', title: 'DHL Service Point', priceOre: 6900 },
  { methodId: 'flat_rate', title: 'Budbee hemleverans', priceOre: 7900 },
];

const PAYMENTS: readonly { method: string; title: string; prefix: string }[] = [
  { method: 'kco', title: 'Klarna', prefix: 'kl_' },
  { method: 'swish', title: 'Swish', prefix: 'sw_' },
  { method: 'stripe', title: 'Kort (Stripe)', prefix: 'pi_' },
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length) % items.length];
}

function reference(prefix: string, random: () => number): string {
  let out = prefix;
  for (let i = 0; i < 12; i++) out += '0123456789abcdef'[Math.floor(random() * 16) % 16];
  return out;
}

/** Places a paid test order; throws a 409 RestError when nothing purchasable is in stock. */
export function placeTestOrder(state: ShopState, random: () => number = Math.random): OrderRecord {
  const candidates = [...state.products.values()].filter(
    (p) => isPurchasable(state, p) && stockOf(state, p).status === 'instock',
  );
  if (candidates.length === 0) {
    throw new RestError('sim_nothing_in_stock', 'No purchasable product is in stock, so no test order can be placed.', 409);
  }
  const pool = [...candidates];
  const count = Math.min(1 + Math.floor(random() * 3), pool.length);
  const lineItems: NonNullable<OrderInput['line_items']> = [];
  for (let i = 0; i < count; i++) {
    const [p] = pool.splice(Math.floor(random() * pool.length) % pool.length, 1);
    const stock = stockOf(state, p);
    const available = stock.manage !== false && stock.quantity !== null ? Math.max(1, stock.quantity) : 3;
    const quantity = Math.min(1 + Math.floor(random() * 3), available);
    lineItems.push(
      p.kind === 'variation'
        ? { product_id: p.parentId, variation_id: p.id, quantity }
        : { product_id: p.id, quantity },
    );
  }

  const customers = [...state.customers.values()].filter((c) => c.billing.address_1 !== '');
  const customer = customers.length > 0 && random() < 0.5 ? pick(customers, random) : undefined;
  const buyer = pick(BUYERS, random);
  const billing: BillingAddress = customer
    ? { ...customer.billing, email: customer.billing.email || customer.email }
    : { ...buyer, address_2: '', state: '', country: 'SE' };
  const shipping: Address = customer && customer.shipping.address_1 !== '' ? { ...customer.shipping } : { ...billing };
  const method = pick(SHIPPING, random);
  const shippingNet = splitVat(method.priceOre, 25, state.settings.pricesIncludeTax).net;
  const payment = pick(PAYMENTS, random);

  const input: OrderInput = {
    customer_id: customer?.id ?? 0,
    billing,
    shipping: {
      first_name: shipping.first_name,
      last_name: shipping.last_name,
      company: shipping.company,
      address_1: shipping.address_1,
      address_2: shipping.address_2,
      city: shipping.city,
      state: shipping.state,
      postcode: shipping.postcode,
      country: shipping.country,
      phone: shipping.phone,
    },
    payment_method: payment.method,
    payment_method_title: payment.title,
    transaction_id: reference(payment.prefix, random),
    set_paid: true,
    line_items: lineItems,
    shipping_lines: [{ method_id: method.methodId, method_title: method.title, total: oreToDecimal(shippingNet) }],
  };
  const validated = validateParams(orderProperties, { ...input }, 'strict') as OrderInput;
  return createOrder(state, validated, 'checkout');
}
