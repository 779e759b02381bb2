/**
 * The simulated Pyramid's data: records kept in the catalogue's JSON model shapes (so a file is
 * built from them as they are), plus the bookkeeping Pyramid has and the files do not carry
 * (password hashes, reserved stock as numbers, order lifecycles).
 */

export interface NameValue {
  name: string;
  value: string;
}

export interface Address {
  name?: string;
  co?: string;
  address1?: string;
  address2?: string;
  postalCode?: string;
  city?: string;
  country?: string;
  phone?: string;
}

/** One Artikel record of Artikeldata (catalogue keys). */
export interface ArticleRecord {
  articleCode: string;
  description: string;
  description2?: string;
  longText?: string;
  unit: string;
  articleGroup: string;
  vatCode: string;
  ean?: string;
  supplier?: string;
  supplierArticleCode?: string;
  weight?: string;
  volume?: string;
  length?: string;
  width?: string;
  height?: string;
  basePrice: string;
  basePriceCurrency: string;
  webActive: boolean;
  stocked: boolean;
  discontinued: boolean;
  searchWords?: string;
  webCategories: string[];
  properties: NameValue[];
  parentArticle?: string;
  variantProperties: NameValue[];
  images: string[];
  /** Elements of the customer's own the catalogue does not know, e.g. { Webbkategori: "Verktyg" }. */
  extra?: Record<string, unknown>;
  changed: string;
}

export type ArticleKind = 'simple' | 'parent' | 'variant' | 'kit';

export interface KitRecord {
  articleCode: string;
  description: string;
  priceType: 'summa' | 'eget';
  price?: string;
  components: { articleCode: string; quantity: string }[];
  changed: string;
}

export interface StockRow {
  articleCode: string;
  warehouse: string;
  onHand: number;
  reserved: number;
  incoming: number;
  nextDeliveryDate?: string;
  changed: string;
}

export interface CodeItem {
  code: string;
  description: string;
}

export interface BaseData {
  currencies: (CodeItem & { rate: string })[];
  vatCodes: (CodeItem & { percent: string })[];
  units: CodeItem[];
  articleGroups: (CodeItem & { parent?: string })[];
  warehouses: CodeItem[];
  deliveryMethods: CodeItem[];
  deliveryTerms: CodeItem[];
  paymentTerms: (CodeItem & { days: number })[];
  priceLists: (CodeItem & { currency: string; includesVat: boolean })[];
  customerCategories: CodeItem[];
  countries: (CodeItem & { euMember: string })[];
}

/** One Kundpost (catalogue keys). */
export interface CustomerRecord {
  customerNumber: string;
  externalCustomerId?: string;
  name: string;
  organisationNumber?: string;
  vatNumber?: string;
  privatePerson: boolean;
  customerCategory: string;
  priceList: string;
  discountPercent?: string;
  paymentTerms: string;
  deliveryTerms?: string;
  deliveryMethod?: string;
  currency: string;
  language: string;
  creditLimit?: string;
  blocked: boolean;
  email?: string;
  invoiceEmail?: string;
  phone?: string;
  invoiceAddress: Address;
  deliveryAddresses: (Address & { id: string })[];
  changed: string;
}

/** One Kontaktpost (catalogue keys). */
export interface ContactRecord {
  contactId: string;
  customerNumber: string;
  firstName: string;
  lastName: string;
  role?: string;
  email?: string;
  phone?: string;
  mobile?: string;
  webLogin: boolean;
  username?: string;
  permissions: string[];
  changed: string;
}

/** A web login: only a salted scrypt hash is kept, never the password. */
export interface LoginSecret {
  salt: Buffer;
  hash: Buffer;
  failures: number;
  /** Locked in the register (Pyramid's "spärrad inloggning"). */
  locked: boolean;
  /** Locked for a while after too many failed attempts (ms since epoch). */
  lockedUntil?: number;
}

export interface PriceListPrice {
  priceList: string;
  articleCode: string;
  fromQuantity: number;
  /** Minor units of the price list's currency. */
  price: number;
  validFrom?: string;
  validUntil?: string;
  /** A time-limited campaign price (priskalla kampanj). */
  campaign?: boolean;
}

export interface CustomerPrice {
  customerNumber: string;
  articleCode: string;
  fromQuantity: number;
  /** Net price in minor units of the customer's currency ... */
  price?: number;
  /** ... or a discount in hundredths of a percent off the price list. */
  discountBp?: number;
  validFrom?: string;
  validUntil?: string;
}

export type OrderStatusName = 'mottagen' | 'registrerad' | 'plockas' | 'dellevererad' | 'levererad' | 'fakturerad' | 'makulerad';

export interface OrderRow {
  rowNumber: number;
  articleCode: string;
  description: string;
  quantity: number;
  /** Minor units, as ordered (incl. or excl. VAT per the order). */
  unitPrice: number;
  discountBp: number;
  vatBp: number;
  deliveredQuantity: number;
}

export interface Delivery {
  trackingNumber: string;
  carrier: string;
  trackingUrl?: string;
  deliveryDate: string;
}

export interface Invoice {
  invoiceNumber: string;
  date: string;
  dueDate: string;
  /** Minor units, incl. VAT. */
  amount: number;
  paid: boolean;
}

export interface StatusStep {
  status: OrderStatusName;
  at: string;
  /** The Orderstatus file written for it (none for historic orders). */
  file?: string;
}

export interface SimOrder {
  orderNumber: string;
  externalOrderNumber?: string;
  customerNumber: string;
  contactId?: string;
  orderDate: string;
  status: OrderStatusName;
  currency: string;
  pricesIncludeVat: boolean;
  deliveryMethod?: string;
  rows: OrderRow[];
  freight: number;
  freightVatBp: number;
  invoiceFee: number;
  deliveries: Delivery[];
  invoices: Invoice[];
  source: 'history' | 'import';
  importedFrom?: string;
  importedAt?: string;
  history: StatusStep[];
  /** What Pyramid's import noticed but accepted (totals that do not add up, say). */
  warnings: string[];
  /** Stock reserved in this warehouse at registration. */
  warehouse: string;
}

export interface SimQuote {
  quoteNumber: string;
  externalQuoteNumber: string;
  customerNumber: string;
  validUntil?: string;
  rows: number;
  importedFrom: string;
  importedAt: string;
}

export interface CustomerRegistration {
  externalCustomerId: string;
  customerNumber: string;
  action: 'ny' | 'andrad';
  file: string;
  at: string;
}

export interface DuplicateImport {
  file: string;
  type: 'order' | 'quote';
  key: string;
  existing: string;
  at: string;
}

export interface ImportError {
  file: string;
  reason: string;
  at: string;
}

export interface WrittenFile {
  name: string;
  type: string;
  scope?: 'full' | 'delta';
  records: number;
  bytes: number;
  at: string;
}

export interface DemoUser {
  username: string;
  password: string;
  contactId: string;
  customerNumber: string;
  /** Who it is, for the banner. */
  description: string;
}

export interface SimData {
  baseData: BaseData;
  articles: Map<string, ArticleRecord>;
  articleKinds: Map<string, ArticleKind>;
  kits: Map<string, KitRecord>;
  /** Key `${articleCode}|${warehouse}`. */
  stock: Map<string, StockRow>;
  customers: Map<string, CustomerRecord>;
  contacts: Map<string, ContactRecord>;
  logins: Map<string, LoginSecret>;
  priceListPrices: PriceListPrice[];
  customerPrices: CustomerPrice[];
  orders: Map<string, SimOrder>;
  quotes: Map<string, SimQuote>;
  /** Next numbers Pyramid hands out. */
  next: { order: number; quote: number; customer: number; contact: number; invoice: number };
}
