/**
 * The five web-service operations, on the models of the simulator's web-service map
 * (ws-dialect.ts): request model in, response model out. A request the service cannot answer
 * (unknown customer or article) is a SOAP fault.
 */
import { fmtQty, fromBasisPoints, fromMinor, parseQty } from './money';
import { articleImage, md5Hex, type Rgb } from './images';
import { burnVerify, verifyPassword } from './passwords';
import type { LogFn, PyramidSim } from './sim';
import type { Colour } from './vocabulary';
import { isoDate } from './dataset';

export class SoapFault extends Error {
  constructor(
    readonly code: 'Client' | 'Server',
    message: string,
  ) {
    super(message);
    this.name = 'SoapFault';
  }
}

export const MAX_FAILED_LOGINS = 5;
/** How long a login stays locked after MAX_FAILED_LOGINS failures in a row. */
export const LOCK_MS = 15 * 60_000;
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

type Model = Record<string, unknown>;

export interface ServiceContext {
  sim: PyramidSim;
  seed: string | number;
  colourOf: Map<string, Colour>;
  log: LogFn;
  now?: () => Date;
}

export type Operation = (ctx: ServiceContext, req: Model) => Promise<Model>;

function customerOf(ctx: ServiceContext, n: unknown) {
  const c = ctx.sim.data.customers.get(String(n ?? ''));
  if (!c) throw new SoapFault('Client', `Kundnummer ${String(n)} does not exist`);
  return c;
}

const orderhistorik: Operation = async (ctx, req) => {
  const c = customerOf(ctx, req.customerNumber);
  const page = Math.max(1, typeof req.page === 'number' ? req.page : 1);
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, typeof req.perPage === 'number' ? req.perPage : DEFAULT_PER_PAGE));
  const matching = [...ctx.sim.data.orders.values()]
    .filter(
      (o) =>
        o.customerNumber === c.customerNumber &&
        (!req.contactId || o.contactId === req.contactId) &&
        (!req.fromDate || o.orderDate >= (req.fromDate as string)) &&
        (!req.toDate || o.orderDate <= (req.toDate as string)) &&
        (!req.status || o.status === req.status),
    )
    .sort((a, b) => (a.orderDate !== b.orderDate ? (a.orderDate < b.orderDate ? 1 : -1) : Number(b.orderNumber) - Number(a.orderNumber)));
  const orders = matching.slice((page - 1) * perPage, page * perPage).map((o) => ctx.sim.historyOrder(o));
  ctx.log('debug', `Orderhistorik ${c.customerNumber}: ${matching.length} orders, page ${page} (${orders.length})`);
  return { orders: orders.length ? orders : undefined, totalCount: matching.length };
};

const kontaktRegistrering: Operation = async (ctx, req) => {
  const r = await ctx.sim.registerContact({
    customerNumber: String(req.customerNumber),
    firstName: String(req.firstName),
    lastName: String(req.lastName),
    email: String(req.email),
    phone: req.phone as string | undefined,
    username: req.username as string | undefined,
  });
  ctx.log('info', `KontaktRegistrering for customer ${String(req.customerNumber)}: ${r.status}${r.contactId ? ` (${r.contactId})` : ''}`);
  return { contactId: r.contactId, status: r.status, message: r.message };
};

const inloggning: Operation = async (ctx, req) => {
  const username = String(req.username ?? '').trim();
  const password = String(req.password ?? '');
  const data = ctx.sim.data;
  const contact = [...data.contacts.values()].find((k) => k.webLogin && k.username?.toLowerCase() === username.toLowerCase());
  const refuse = (reason: 'fel-uppgifter' | 'last' | 'ej-aktiverad'): Model => {
    ctx.log('info', `Inloggning ${username}: refused (${reason})`);
    ctx.sim.events.emit('login', { username, approved: false, reason });
    return { approved: false, reason };
  };
  if (!contact) {
    await burnVerify(password);
    return refuse('fel-uppgifter');
  }
  const secret = data.logins.get(contact.contactId);
  const customer = data.customers.get(contact.customerNumber);
  if (!secret) {
    await burnVerify(password);
    return refuse('ej-aktiverad');
  }
  const now = (ctx.now?.() ?? new Date()).getTime();
  if (secret.locked || customer?.blocked || (secret.lockedUntil !== undefined && secret.lockedUntil > now)) {
    await burnVerify(password);
    return refuse('last');
  }
  if (!(await verifyPassword(secret, password))) {
    secret.failures++;
    if (secret.failures >= MAX_FAILED_LOGINS) {
      secret.failures = 0;
      secret.lockedUntil = now + LOCK_MS;
      ctx.log('warn', `Inloggning ${username}: locked for ${LOCK_MS / 60_000} minutes after ${MAX_FAILED_LOGINS} failed attempts`);
    }
    return refuse('fel-uppgifter');
  }
  secret.failures = 0;
  delete secret.lockedUntil;
  ctx.log('info', `Inloggning ${username}: approved (contact ${contact.contactId}, customer ${contact.customerNumber})`);
  ctx.sim.events.emit('login', { username, approved: true, contactId: contact.contactId });
  return {
    approved: true,
    contactId: contact.contactId,
    customerNumber: contact.customerNumber,
    name: `${contact.firstName} ${contact.lastName}`,
    companyName: customer?.name,
    priceList: customer?.priceList,
    permissions: contact.permissions.length ? contact.permissions : undefined,
  };
};

const kundPris: Operation = async (ctx, req) => {
  const c = customerOf(ctx, req.customerNumber);
  const currency = req.currency as string | undefined;
  if (currency && !ctx.sim.data.baseData.currencies.some((x) => x.code === currency)) throw new SoapFault('Client', `Valuta ${currency} does not exist`);
  const today = isoDate(ctx.now?.() ?? new Date());
  const rows: Model[] = [];
  const unknown: string[] = [];
  for (const r of (req.rows as Model[] | undefined) ?? []) {
    const code = String(r.articleCode);
    const quantity = r.quantity !== undefined ? parseQty(String(r.quantity)) : 1;
    const q = ctx.sim.prices.quote(c, code, quantity, currency, today);
    if (!q) {
      unknown.push(code);
      continue;
    }
    const row: Model = {
      articleCode: code,
      quantity: fmtQty(q.quantity),
      listPrice: fromMinor(q.listPrice),
      discountPercent: fromBasisPoints(q.discountBp),
      netPrice: fromMinor(q.netPrice),
      currency: q.currency,
      includesVat: q.includesVat,
      vatPercent: String(q.vatPercent),
      priceSource: q.source,
    };
    if (q.validUntil) row.validUntil = q.validUntil;
    rows.push(row);
  }
  ctx.log('debug', `KundPris ${c.customerNumber}: ${rows.length} prices${unknown.length ? `; unknown articles left out: ${unknown.join(', ')}` : ''}`);
  return { rows: rows.length ? rows : undefined };
};

const bilder: Operation = async (ctx, req) => {
  const code = String(req.articleCode ?? '');
  const a = ctx.sim.data.articles.get(code);
  if (!a) throw new SoapFault('Client', `Artikelkod ${code} does not exist`);
  const after = typeof req.changedAfter === 'string' ? Date.parse(req.changedAfter) : NaN;
  const changedAt = Date.parse(a.changed);
  const colour = ctx.colourOf.get(code)?.rgb as Rgb | undefined;
  const images = a.images
    .map((fileName, i) => ({ fileName, i }))
    .filter(() => Number.isNaN(after) || Number.isNaN(changedAt) || changedAt > after)
    .map(({ fileName, i }) => {
      const png = articleImage(ctx.seed, code, i, colour);
      return { fileName, mimeType: 'image/png', data: png.toString('base64'), sortOrder: i + 1, main: i === 0, changed: a.changed, md5: md5Hex(png) };
    });
  ctx.log('debug', `Bilder ${code}: ${images.length} images`);
  return { articleCode: code, images: images.length ? images : undefined };
};

/** Operation name (= soapAction, as in ws-dialect.ts) -> implementation. */
export const OPERATIONS: Record<string, { run: Operation }> = {
  Orderhistorik: { run: orderhistorik },
  KontaktRegistrering: { run: kontaktRegistrering },
  Inloggning: { run: inloggning },
  KundPris: { run: kundPris },
  Bilder: { run: bilder },
};
