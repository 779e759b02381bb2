/**
 * A small Swedish demo catalogue for running the shop on its own (`--seed`). The integration demo
 * starts empty instead: there the articles come from the simulated Pyramid.
 */
import { createCategory, createProduct, createVariation } from './catalog';
import { createCustomer } from './customers';
import type { ShopState } from './state';

export function seedDemoCatalogue(state: ShopState): void {
  const tools = createCategory(state, { name: 'Verktyg' });
  const fasteners = createCategory(state, { name: 'Fästelement' });
  const clothes = createCategory(state, { name: 'Arbetskläder' });
  const food = createCategory(state, { name: 'Fika' });

  const simple = (sku: string, name: string, price: string, stock: number, categoryId: number, taxClass = '') =>
    createProduct(state, {
      sku,
      name,
      regular_price: price,
      manage_stock: true,
      stock_quantity: stock,
      tax_class: taxClass,
      weight: '0.5',
      categories: [{ id: categoryId }],
    });

  simple('00123', 'Skruv rostfri M6x20 A4', '12.50', 500, fasteners.id);
  simple('00124', 'Mutter M6 A4 rostfri', '4.90', 1200, fasteners.id);
  simple('00125', 'Bricka M6 A4, 100-pack', '89.00', 40, fasteners.id);
  simple('10045', 'Borrskruvdragare 18 V med två batterier', '1995.00', 12, tools.id);
  simple('10046', 'Vattenpass 60 cm, magnetiskt', '249.00', 0, tools.id);
  simple('10047', 'Tumstock trä 2 m – Hultafors', '119.00', 65, tools.id);
  simple('30010', 'Kaffe mörkrost ekologiskt 500 g', '69.90', 80, food.id, 'reduced-rate');

  const jacket = createProduct(state, {
    sku: '20001',
    name: 'Arbetsjacka Fältmästare',
    type: 'variable',
    description: 'Slitstark arbetsjacka med förstärkta armbågar. Tvättas i 60 °C.',
    categories: [{ id: clothes.id }],
    attributes: [
      { name: 'Färg', options: ['Röd', 'Blå'], variation: true, visible: true, position: 0 },
      { name: 'Storlek', options: ['M', 'L'], variation: true, visible: true, position: 1 },
    ],
  });
  const variants: [string, string, string, number][] = [
    ['20001-R-M', 'Röd', 'M', 8],
    ['20001-R-L', 'Röd', 'L', 3],
    ['20001-B-M', 'Blå', 'M', 0],
    ['20001-B-L', 'Blå', 'L', 5],
  ];
  for (const [sku, colour, size, stock] of variants) {
    createVariation(state, jacket.id, {
      sku,
      regular_price: '899.00',
      manage_stock: true,
      stock_quantity: stock,
      attributes: [
        { name: 'Färg', option: colour },
        { name: 'Storlek', option: size },
      ],
    });
  }

  createCustomer(state, {
    email: 'inkop@bjorksoner.example.se',
    first_name: 'Björn',
    last_name: 'Ek',
    billing: {
      first_name: 'Björn',
      last_name: 'Ek',
      company: 'Björk & Söner AB',
      address_1: 'Drottninggatan 3',
      postcode: '252 21',
      city: 'Helsingborg',
      country: 'SE',
      email: 'inkop@bjorksoner.example.se',
      phone: '042-21 43 65',
    },
  });
}
