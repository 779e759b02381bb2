/**
 * The customer register's intake: customers registered from the shop (Kund files, a new buyer in an
 * order) and contacts registered through the web service, each sent back in a Kund or Kontakt delta.
 */
import { clean, ImportRejected, keep, type Action, type ImportOutcome, type SimCore } from './core';
import type { FileWriter } from './writer';
import type { ContactRecord, CustomerRecord, Address, CustomerRegistration } from './types';

export class CustomerRegister {
  constructor(
    private readonly c: SimCore,
    private readonly w: FileWriter,
  ) {}


  checkRegistration(k: Record<string, unknown>): string[] {
    const out: string[] = [];
    if (!k.name || String(k.name).trim() === '') out.push('namn is required');
    const bd = this.c.data.baseData;
    if (k.currency && !bd.currencies.some((c) => c.code === k.currency)) out.push(`valuta ${String(k.currency)} does not exist in Grunddata`);
    if (k.priceList && !bd.priceLists.some((c) => c.code === k.priceList)) out.push(`prislista ${String(k.priceList)} does not exist in Grunddata`);
    if (k.paymentTerms && !bd.paymentTerms.some((c) => c.code === k.paymentTerms)) out.push(`betalningsvillkor ${String(k.paymentTerms)} does not exist in Grunddata`);
    if (k.deliveryMethod && !bd.deliveryMethods.some((c) => c.code === k.deliveryMethod)) out.push(`leveranssatt ${String(k.deliveryMethod)} does not exist in Grunddata`);
    if (k.customerCategory && !bd.customerCategories.some((c) => c.code === k.customerCategory)) out.push(`kundkategori ${String(k.customerCategory)} does not exist in Grunddata`);
    return out;
  }

  /** Register (or update, by externtKundId) a customer from the shop. */
  registerCustomer(k: Record<string, unknown>): [CustomerRecord, Action] {
    const ext = k.externalCustomerId ? String(k.externalCustomerId) : undefined;
    const existing = ext ? [...this.c.data.customers.values()].find((c) => c.externalCustomerId === ext) : undefined;
    const privatePerson = typeof k.privatePerson === 'boolean' ? k.privatePerson : !k.organisationNumber;
    const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));
    const addr = (v: unknown): Address | undefined => (v && typeof v === 'object' ? clean({ ...(v as Address) }) : undefined);
    const deliveryAddresses = Array.isArray(k.deliveryAddresses)
      ? (k.deliveryAddresses as (Address & { id?: string })[]).map((d, i) => clean({ ...d, id: d.id ?? String(i + 1) }) as Address & { id: string })
      : undefined;
    const fields = clean({
      externalCustomerId: ext,
      name: String(k.name),
      organisationNumber: str(k.organisationNumber),
      vatNumber: str(k.vatNumber),
      privatePerson,
      customerCategory: str(k.customerCategory),
      priceList: str(k.priceList),
      discountPercent: str(k.discountPercent),
      paymentTerms: str(k.paymentTerms),
      deliveryTerms: str(k.deliveryTerms),
      deliveryMethod: str(k.deliveryMethod),
      currency: str(k.currency),
      language: str(k.language),
      creditLimit: str(k.creditLimit),
      email: str(k.email),
      invoiceEmail: str(k.invoiceEmail),
      phone: str(k.phone),
      invoiceAddress: addr(k.invoiceAddress),
      deliveryAddresses,
    });
    if (existing) {
      Object.assign(existing, fields, { changed: this.c.stamp() });
      return [existing, 'andrad'];
    }
    const c: CustomerRecord = {
      customerNumber: String(this.c.data.next.customer++),
      name: fields.name,
      privatePerson,
      customerCategory: privatePerson ? 'PRIV' : 'FTG',
      priceList: privatePerson ? 'KONS' : 'BAS',
      paymentTerms: privatePerson ? 'KORT' : '30',
      currency: 'SEK',
      language: 'sv',
      blocked: false,
      invoiceAddress: { name: fields.name },
      deliveryAddresses: [],
      changed: this.c.stamp(),
    };
    Object.assign(c, fields);
    this.c.data.customers.set(c.customerNumber, c);
    return [c, 'ny'];
  }

  async importCustomers(m: Record<string, unknown>, fileName: string): Promise<ImportOutcome> {
    const list = (m.customers as Record<string, unknown>[] | undefined) ?? [];
    if (!list.length) throw new ImportRejected(['the file holds no Kundpost']);
    const reasons: string[] = [];
    list.forEach((k, i) => {
      const where = `Kundpost[${i + 1}]${k.externalCustomerId ? ` (externtKundId ${String(k.externalCustomerId)})` : ''}`;
      if (!k.externalCustomerId) reasons.push(`${where}: externtKundId is required in a registration`);
      if (k.customerNumber) {
        const known = this.c.data.customers.get(String(k.customerNumber));
        if (!known) reasons.push(`${where}: kundnummer ${String(k.customerNumber)} does not exist (leave it empty in a registration: Pyramid assigns it)`);
      }
      for (const p of this.checkRegistration(k)) reasons.push(`${where}: ${p}`);
    });
    if (reasons.length) throw new ImportRejected(reasons);
    const rows = list.map((k) => this.registerCustomer(k));
    const file = await this.w.customerDelta(rows);
    const at = this.c.now().toISOString();
    for (const [c, action] of rows) {
      const reg: CustomerRegistration = { externalCustomerId: c.externalCustomerId ?? '', customerNumber: c.customerNumber, action: action === 'ny' ? 'ny' : 'andrad', file: fileName, at };
      keep(this.c.registrations, reg);
    }
    const summary = rows.map(([c, a]) => `${c.externalCustomerId} -> kundnummer ${c.customerNumber} (${a})`).join(', ');
    this.c.log('info', `imported ${fileName}: ${summary}; Kund delta ${file.name}`);
    this.c.events.emit('customer-registered', { file: fileName, customers: rows.map(([c, a]) => ({ customerNumber: c.customerNumber, externalCustomerId: c.externalCustomerId, action: a })) });
    return { kind: 'imported', type: 'customer', summary, customerNumbers: rows.map(([c]) => c.customerNumber) };
  }


  /** Create a contact (KontaktRegistrering). */
  async registerContact(req: { customerNumber: string; firstName: string; lastName: string; email: string; phone?: string; username?: string }): Promise<{ contactId?: string; status: 'registrerad' | 'finns-redan' | 'avvisad'; message?: string }> {
    const c = this.c.data.customers.get(req.customerNumber);
    if (!c) return { status: 'avvisad', message: `kundnummer ${req.customerNumber} does not exist` };
    if (c.blocked) return { status: 'avvisad', message: `customer ${req.customerNumber} is blocked (sparrad)` };
    const email = req.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return { status: 'avvisad', message: `epost "${req.email}" is not an e-mail address` };
    const same = [...this.c.data.contacts.values()].find((k) => k.email?.toLowerCase() === email);
    if (same) return { contactId: same.contactId, status: 'finns-redan', message: `a contact with this e-mail already exists (customer ${same.customerNumber})` };
    const username = req.username?.trim();
    if (username && [...this.c.data.contacts.values()].some((k) => k.username?.toLowerCase() === username.toLowerCase())) {
      return { status: 'avvisad', message: `anvandarnamn "${username}" is taken` };
    }
    const k: ContactRecord = clean({
      contactId: String(this.c.data.next.contact++),
      customerNumber: c.customerNumber,
      firstName: req.firstName.trim(),
      lastName: req.lastName.trim(),
      email,
      phone: req.phone?.trim() || undefined,
      webLogin: !!username,
      username: username || undefined,
      permissions: username ? ['se-priser', 'lagga-order'] : [],
      changed: this.c.stamp(),
    });
    this.c.data.contacts.set(k.contactId, k);
    const f = await this.w.contactDelta([[k, 'ny']]);
    this.c.log('info', `contact ${k.contactId} registered for customer ${c.customerNumber} -> ${f.name}`);
    this.c.events.emit('contact-registered', { contactId: k.contactId, customerNumber: c.customerNumber });
    return { contactId: k.contactId, status: 'registrerad' };
  }
}
