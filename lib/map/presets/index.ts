/** The mapping presets the dialog offers, shop-bound, Pyramid-bound and web services, in the picker's order. */
import type { Preset } from './types';
import { articleToProduct, kitToProduct, orderStatusToOrder, priceListToPrices, stockToShop } from './to-shop';
import { customerToKund, orderToPyramid, quoteToOffert } from './to-pyramid';
import { webServicePresets } from './web-services';

export type { Preset } from './types';

/** Every preset, in the order the picker lists them. */
export const PRESETS: readonly Preset[] = Object.freeze([
  articleToProduct,
  kitToProduct,
  stockToShop,
  priceListToPrices,
  orderStatusToOrder,
  orderToPyramid,
  quoteToOffert,
  customerToKund,
  ...webServicePresets,
]);

export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
