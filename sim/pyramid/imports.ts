/**
 * Pyramid's import of the files from the shop: Order and Offert checked like the import work
 * register checks them (customer, articles, quantities, codes, totals) and entered into the
 * register; a Kund file handed to the customer register. Files are read with the simulator's own
 * map (xmlfile.ts), never with the package's catalogue.
 */
import { fromMinor, parseQty, toBasisPoints, toMinor } from './money';
import { addDays, orderTotals } from './history';
import { vatPercentOf } from './basedata';
import { CASH_CUSTOMER } from './parties';
import { readFile } from './xmlfile';
import { clean, ImportRejected, keep, type ImportOutcome, type SimCore } from './core';
import type { FileWriter } from './writer';
import type { OrderLifecycle } from './lifecycle';
import type { CustomerRegister } from './registration';
import type { CustomerRecord, OrderRow, SimOrder, SimQuote, DuplicateImport, ImportError } from './types';

export class Imports {
  constructor(
    private readonly c: SimCore,
    private readonly w: FileWriter,
    private readonly life: OrderLifecycle,
    private readonly reg: CustomerRegister,
  ) {}

  /** Read and import one file from the in-folder. Never throws for a bad file: the outcome says why. */
  async importFile(fileName: string, bytes: Buffer, type: 'order' | 'quote' | 'customer'): Promise<ImportOutcome> {
    try {
      const { model, unknown } = readFile(type, bytes, fileName);
      if (unknown.length) {
        // Pyramid imports the file all the same (kept under extra); the note is the second opinion
        // on the writer: an element the sheet does not name is a misspelt field or a customer's own
        const note = { file: fileName, elements: unknown, at: this.c.now().toISOString() };
        keep(this.c.unknownElements, note);
        this.c.log('warn', `${fileName}: elements the sheet does not know (kept as extra): ${unknown.join(', ')}`);
        this.c.events.emit('unknown-elements', note);
      }
      if (type === 'order') return await this.importOrder(model, fileName);
      if (type === 'quote') return await this.importQuote(model, fileName);
      return await this.reg.importCustomers(model, fileName);
    } catch (e) {
      const reason = e instanceof ImportRejected ? e.reasons.map((r) => `${fileName}: ${r}`).join('\n') : e instanceof Error ? e.message : String(e);
      const err: ImportError = { file: fileName, reason, at: this.c.now().toISOString() };
      keep(this.c.importErrors, err);
      this.c.log('warn', `import ${fileName} refused: ${reason.split('\n').join('; ')}`);
      this.c.events.emit('import-error', err);
      return { kind: 'error', type, reason };
    }
  }

  findOrderByExternal(ext: string): SimOrder | undefined {
    for (const o of this.c.data.orders.values()) if (o.externalOrderNumber === ext) return o;
    return undefined;
  }

  /** The customer of an order or quote: its number, a new buyer (registered now), or the cash customer. */
  resolveCustomer(m: Record<string, unknown>, reasons: string[]): CustomerRecord | undefined {
    const number = m.customerNumber as string | undefined;
    if (number) {
      const c = this.c.data.customers.get(number);
      if (!c) reasons.push(`kundnummer ${number} does not exist in Pyramid's customer register`);
      else if (c.blocked) reasons.push(`customer ${number} (${c.name}) is blocked (sparrad): no orders are taken`);
      return c;
    }
    const nk = m.newCustomer as Record<string, unknown> | undefined;
    if (nk) {
      const problems = this.reg.checkRegistration(nk);
      if (problems.length) {
        reasons.push(...problems.map((p) => `nyKund: ${p}`));
        return undefined;
      }
      return undefined; // registered by the caller once every other check has passed
    }
    const cash = this.c.data.customers.get(CASH_CUSTOMER);
    if (!cash) reasons.push(`neither kundnummer nor nyKund given, and the cash customer ${CASH_CUSTOMER} is missing`);
    return cash;
  }

  /** Validate the rows of an order or quote and price the ones without a price. */
  orderRows(m: Record<string, unknown>, customer: CustomerRecord | undefined, currency: string, reasons: string[], warnings: string[]): OrderRow[] {
    const rows = (m.rows as Record<string, unknown>[] | undefined) ?? [];
    if (!rows.length) reasons.push('the order has no rows (Rader)');
    const out: OrderRow[] = [];
    rows.forEach((r, i) => {
      const code = String(r.articleCode);
      const where = `Rad[${i + 1}] (artikelkod ${code})`;
      const a = this.c.data.articles.get(code);
      if (!a) {
        reasons.push(`${where}: artikelkod ${code} does not exist in Pyramid's article register`);
        return;
      }
      if (this.c.data.articleKinds.get(code) === 'parent') {
        reasons.push(`${where}: ${code} is a variant parent (huvudartikel) and cannot be ordered: order one of its variants`);
        return;
      }
      const quantity = parseQty(String(r.quantity));
      if (!(quantity > 0)) {
        reasons.push(`${where}: antal ${String(r.quantity)} must be more than 0`);
        return;
      }
      const vat = vatPercentOf(this.c.data.baseData, a.vatCode);
      if (r.vatPercent !== undefined && Number(r.vatPercent) !== vat) {
        warnings.push(`${where}: momsProcent ${String(r.vatPercent)} differs from the article's ${vat} %; Pyramid uses ${vat} %`);
      }
      let unitPrice: number;
      if (r.unitPrice !== undefined) unitPrice = toMinor(String(r.unitPrice));
      else {
        const q = customer ? this.c.prices.quote(customer, code, quantity, currency, this.c.today()) : undefined;
        unitPrice = q?.netPrice ?? toMinor(a.basePrice);
        warnings.push(`${where}: no aPris given; Pyramid priced it at ${fromMinor(unitPrice)} ${currency}`);
      }
      out.push({
        rowNumber: typeof r.rowNumber === 'number' ? r.rowNumber : i + 1,
        articleCode: code,
        description: typeof r.description === 'string' && r.description ? r.description : a.description,
        quantity,
        unitPrice,
        discountBp: r.discountPercent !== undefined ? toBasisPoints(String(r.discountPercent)) : 0,
        vatBp: vat * 100,
        deliveredQuantity: 0,
      });
    });
    return out;
  }

  checkHeader(m: Record<string, unknown>, reasons: string[]): void {
    const bd = this.c.data.baseData;
    if (m.currency && !bd.currencies.some((c) => c.code === m.currency)) reasons.push(`valuta ${String(m.currency)} does not exist in Grunddata (known: ${bd.currencies.map((c) => c.code).join(', ')})`);
    if (m.deliveryMethod && !bd.deliveryMethods.some((c) => c.code === m.deliveryMethod)) {
      reasons.push(`leveranssatt ${String(m.deliveryMethod)} does not exist in Grunddata (known: ${bd.deliveryMethods.map((c) => c.code).join(', ')})`);
    }
    if (m.deliveryTerms && !bd.deliveryTerms.some((c) => c.code === m.deliveryTerms)) reasons.push(`leveransvillkor ${String(m.deliveryTerms)} does not exist in Grunddata`);
    if (m.priceList && !bd.priceLists.some((c) => c.code === m.priceList)) reasons.push(`prislista ${String(m.priceList)} does not exist in Grunddata`);
  }

  checkTotals(o: SimOrder, m: Record<string, unknown>, warnings: string[]): void {
    const t = orderTotals(o);
    const tolerance = o.rows.length + 2; // öre: rounding per row vs. on the total
    for (const [key, name, value] of [
      ['totalExclVat', 'summaExklMoms', t.exclVat],
      ['totalVat', 'summaMoms', t.vat],
      ['totalInclVat', 'summaInklMoms', t.inclVat],
    ] as const) {
      const given = m[key];
      if (given === undefined) continue;
      const g = toMinor(String(given));
      if (Math.abs(g - value) > tolerance) warnings.push(`${name} ${String(given)} differs from Pyramid's ${fromMinor(value)}`);
    }
  }

  async importOrder(m: Record<string, unknown>, fileName: string): Promise<ImportOutcome> {
    const ext = String(m.externalOrderNumber);
    const existing = this.findOrderByExternal(ext);
    if (existing) return this.duplicate('order', ext, existing.orderNumber, fileName);
    const reasons: string[] = [];
    const warnings: string[] = [];
    const customer = this.resolveCustomer(m, reasons);
    this.checkHeader(m, reasons);
    const currency = (m.currency as string | undefined) ?? customer?.currency ?? (m.newCustomer as { currency?: string } | undefined)?.currency ?? 'SEK';
    const contact = m.contact as { contactId?: string; name?: string; email?: string } | undefined;
    if (contact?.contactId) {
      const k = this.c.data.contacts.get(contact.contactId);
      if (!k) reasons.push(`kontakt: kontaktId ${contact.contactId} does not exist`);
      else if (customer && k.customerNumber !== customer.customerNumber) reasons.push(`kontakt: kontaktId ${contact.contactId} belongs to customer ${k.customerNumber}, not ${customer.customerNumber}`);
    }
    const rows = this.orderRows(m, customer, currency, reasons, warnings);
    if (reasons.length) throw new ImportRejected(reasons);

    let buyer = customer;
    const files: string[] = [];
    if (!buyer) {
      const [c, action] = this.reg.registerCustomer(m.newCustomer as Record<string, unknown>);
      buyer = c;
      const f = await this.w.customerDelta([[c, action]]);
      files.push(f.name);
      keep(this.c.registrations, { externalCustomerId: c.externalCustomerId ?? '', customerNumber: c.customerNumber, action: action === 'ny' ? 'ny' : 'andrad', file: fileName, at: this.c.now().toISOString() });
    }
    const freight = m.freight as { amount?: string; vatPercent?: string } | undefined;
    const order: SimOrder = {
      orderNumber: String(this.c.data.next.order++),
      externalOrderNumber: ext,
      customerNumber: buyer.customerNumber,
      contactId: contact?.contactId,
      orderDate: (m.orderDate as string | undefined) ?? this.c.today(),
      status: 'registrerad',
      currency,
      pricesIncludeVat: typeof m.pricesIncludeVat === 'boolean' ? m.pricesIncludeVat : buyer.priceList === 'KONS',
      deliveryMethod: (m.deliveryMethod as string | undefined) ?? buyer.deliveryMethod,
      rows,
      freight: freight?.amount ? toMinor(freight.amount) : 0,
      freightVatBp: freight?.vatPercent ? toBasisPoints(freight.vatPercent) : 2500,
      invoiceFee: m.invoiceFee ? toMinor(String(m.invoiceFee)) : 0,
      deliveries: [],
      invoices: [],
      source: 'import',
      importedFrom: fileName,
      importedAt: this.c.now().toISOString(),
      history: [],
      warnings,
      warehouse: 'HUV',
    };
    clean(order);
    this.checkTotals(order, m, warnings);
    this.c.data.orders.set(order.orderNumber, order);
    const stock = this.life.reserve(order, +1);
    if (stock.length) files.push((await this.w.stockDelta(stock)).name);
    const status = await this.life.writeStatus(order);
    files.push(status);
    this.life.armStatus(order);
    const summary = `order ${ext} -> Pyramid order ${order.orderNumber} (customer ${buyer.customerNumber}, ${rows.length} rows)`;
    this.c.log('info', `imported ${fileName}: ${summary}${warnings.length ? `; notes: ${warnings.join('; ')}` : ''}`);
    this.c.events.emit('order-imported', { file: fileName, orderNumber: order.orderNumber, externalOrderNumber: ext, files });
    return { kind: 'imported', type: 'order', summary, orderNumber: order.orderNumber };
  }

  async importQuote(m: Record<string, unknown>, fileName: string): Promise<ImportOutcome> {
    const ext = String(m.externalQuoteNumber);
    const existing = [...this.c.data.quotes.values()].find((q) => q.externalQuoteNumber === ext);
    if (existing) return this.duplicate('quote', ext, existing.quoteNumber, fileName);
    const reasons: string[] = [];
    const warnings: string[] = [];
    const customer = this.resolveCustomer(m, reasons);
    this.checkHeader(m, reasons);
    const currency = (m.currency as string | undefined) ?? customer?.currency ?? 'SEK';
    const rows = this.orderRows(m, customer, currency, reasons, warnings);
    if (reasons.length) throw new ImportRejected(reasons);
    let buyer = customer;
    if (!buyer) {
      const [c, action] = this.reg.registerCustomer(m.newCustomer as Record<string, unknown>);
      buyer = c;
      await this.w.customerDelta([[c, action]]);
    }
    const q: SimQuote = {
      quoteNumber: String(this.c.data.next.quote++),
      externalQuoteNumber: ext,
      customerNumber: buyer.customerNumber,
      validUntil: (m.validUntil as string | undefined) ?? addDays(this.c.today(), 30),
      rows: rows.length,
      importedFrom: fileName,
      importedAt: this.c.now().toISOString(),
    };
    this.c.data.quotes.set(q.quoteNumber, q);
    const summary = `quote ${ext} -> Pyramid quote ${q.quoteNumber} (customer ${buyer.customerNumber}, ${rows.length} rows, valid until ${q.validUntil})`;
    this.c.log('info', `imported ${fileName}: ${summary}`);
    this.c.events.emit('quote-imported', { file: fileName, quoteNumber: q.quoteNumber, externalQuoteNumber: ext });
    return { kind: 'imported', type: 'quote', summary, quoteNumber: q.quoteNumber };
  }

  duplicate(type: 'order' | 'quote', key: string, existing: string, fileName: string): ImportOutcome {
    const d: DuplicateImport = { file: fileName, type, key, existing, at: this.c.now().toISOString() };
    keep(this.c.duplicates, d);
    const what = type === 'order' ? 'externtOrdernummer' : 'externtOffertnummer';
    const summary = `${what} ${key} already imported as ${type} ${existing}: not imported again`;
    this.c.log('warn', `${fileName}: ${summary}`);
    this.c.events.emit('duplicate', d);
    return { kind: 'duplicate', type, summary, duplicate: d };
  }
}
