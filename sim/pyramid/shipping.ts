/** Carriers, tracking numbers and tracking URLs per delivery method. */
import type { Random } from './random';
import type { Delivery } from './types';

interface Carrier {
  carrier: string;
  number: (rng: Random, orderNumber: string) => string;
  url?: (n: string) => string;
}

const POSTNORD: Carrier = {
  carrier: 'PostNord',
  number: (rng) => `UA${rng.digits(9)}SE`,
  url: (n) => `https://tracking.postnord.com/se/?id=${n}`,
};

const CARRIERS: Record<string, Carrier> = {
  'PN-MB': POSTNORD,
  'PN-HD': POSTNORD,
  'DHL-SP': { carrier: 'DHL', number: (rng) => `JVGL${rng.digits(14)}`, url: (n) => `https://www.dhl.com/se-sv/home/tracking.html?tracking-id=${n}` },
  'DHL-FR': { carrier: 'DHL Freight', number: (rng) => `${rng.int(1, 9)}${rng.digits(9)}`, url: (n) => `https://www.dhl.com/se-sv/home/tracking.html?tracking-id=${n}` },
  SCH: { carrier: 'DB Schenker', number: (rng) => `SESTO${rng.digits(9)}`, url: (n) => `https://www.dbschenker.com/app/tracking-public/?refNumber=${n}` },
  BUD: { carrier: 'Jönköpings Budtjänst', number: (_rng, o) => `BUD-${o}` },
  UPH: { carrier: 'Hämtas i Huvudlager Jönköping', number: (_rng, o) => `UPH-${o}` },
};

export function makeDelivery(rng: Random, deliveryMethod: string | undefined, orderNumber: string, deliveryDate: string): Delivery {
  const c = CARRIERS[deliveryMethod ?? ''] ?? POSTNORD;
  const trackingNumber = c.number(rng, orderNumber);
  const d: Delivery = { trackingNumber, carrier: c.carrier, deliveryDate };
  if (c.url) d.trackingUrl = c.url(trackingNumber);
  return d;
}
