/**
 * Deterministic, realistic seed data in the demo TMS format, for benchmarks (1,000+ orders)
 * and tests that need their own world. Same inputs, same file, byte for byte.
 *
 *   npx tsx sandbox/tms/generate-seed.ts --orders 1000 [--customers 40] [--seed 7] [--key-account-share 0.5] [--out /tmp/seed.json]
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GOODS, PLACES, type Place } from './places';
import { parseSeed, STATUS_LABELS, type Customer, type Order, type OrderEvent, type OrderStatus, type Seed, type Stop } from './seed';

/** Demo "today": orders that ended before it are delivered or billed, later ones are planned. */
export const DEMO_TODAY = '2026-11-12';
const FIRST_DAY = Date.UTC(2026, 9, 1);
const LAST_DAY = Date.UTC(2026, 10, 30);
const DAY_MS = 86_400_000;

/** mulberry32: tiny, fast, and good enough for test data. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  weighted<T extends string>(weights: Record<T, number>): T {
    const entries = Object.entries(weights) as [T, number][];
    let r = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
  digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += String(this.int(0, 9));
    return out;
  }
  uuid(): string {
    const hex = () => this.int(0, 15).toString(16);
    const part = (n: number) => Array.from({ length: n }, hex).join('');
    return `${part(8)}-${part(4)}-4${part(3)}-${'89ab'[this.int(0, 3)]}${part(3)}-${part(12)}`;
  }
}

export const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
/** A UTC timestamp on `day` at `hour:minute`. */
export const at = (day: string, hour: number, minute: number) =>
  new Date(dayMs(day) + hour * 3_600_000 + minute * 60_000).toISOString().replace('.000Z', 'Z');
const addDays = (day: string, n: number) => dayString(dayMs(day) + n * DAY_MS);

export const toStop = (type: Stop['type'], pl: Place, date: string): Stop => ({
  type,
  name: pl.name,
  street: pl.street,
  zip: pl.zip,
  city: pl.city,
  countryCode: pl.countryCode,
  date,
});

/** The trucking company's own fleet: one home depot, one registration district. */
const TRUCKS = ['HH-FB 101', 'HH-FB 114', 'HH-FB 127', 'HH-FB 203', 'HH-FB 215', 'HH-FB 230', 'HH-FB 318', 'HH-FB 342', 'HH-FB 407', 'HH-FB 412'];
const DRIVERS = ['J. Petersen', 'M. Kowalski', 'A. Yılmaz', 'S. Novák', 'T. Berger', 'K. Hansen', 'D. Schäfer', 'P. Nowak', 'R. de Vries', 'L. Gruber'];
const CANCEL_REASONS = ['Customer cancelled: goods not ready', 'Customer cancelled: ordered twice', 'Loading slot withdrawn by shipper'];

export interface InvoiceInfo {
  /** Lexware Office takes EUR only, so non-EUR orders are billed in sevdesk. */
  system: 'Lexware Office' | 'sevdesk';
  url: string;
}

export function invoiceFor(currency: string, rnd: Random): InvoiceInfo {
  return currency === 'EUR' && rnd.chance(0.8)
    ? { system: 'Lexware Office', url: `https://app.lexware.de/permalink/invoices/view/${rnd.uuid()}` }
    : { system: 'sevdesk', url: `https://my.sevdesk.de/fi/detail/type/RE/id/${rnd.int(80_000_000, 99_999_999)}` };
}

/**
 * The history an order of this status would have: created, planned, picked up, delivered,
 * POD received, invoiced, paid (or cancelled before pickup). Oldest first, as stored.
 */
export function buildEvents(
  o: { status: OrderStatus; stops: Stop[]; createdAt: string; podUrl: string | null; currency: string; loadText?: string; invoice?: InvoiceInfo },
  rnd: Random,
): OrderEvent[] {
  const events: OrderEvent[] = [{ at: o.createdAt, type: 'status', text: 'Order created' }];
  const first = o.stops[0]!;
  const last = o.stops[o.stops.length - 1]!;
  const created = Date.parse(o.createdAt);
  const later = (base: number, minHours: number, maxHours: number) =>
    new Date(base + rnd.int(minHours * 60, maxHours * 60) * 60_000).toISOString().replace(/:\d{2}\.\d{3}Z$/, ':00Z');

  // Planning (or a cancellation) happens before the truck is loaded, early on the pickup day at the latest.
  const hoursToPickup = Math.floor((dayMs(first.date) + 4 * 3_600_000 - created) / 3_600_000);
  const beforePickup = Math.max(1, Math.min(5, hoursToPickup));

  if (o.status === 'open') return events;
  if (o.status === 'cancelled') {
    const when = later(created, Math.min(2, beforePickup), beforePickup);
    events.push({ at: when, type: 'note', text: rnd.pick(CANCEL_REASONS) });
    events.push({ at: when, type: 'status', text: STATUS_LABELS.cancelled });
    return events;
  }
  const planned = later(created, 1, beforePickup);
  events.push({ at: planned, type: 'status', text: STATUS_LABELS.planned });
  events.push({ at: planned, type: 'note', text: `Truck ${rnd.pick(TRUCKS)} assigned, driver ${rnd.pick(DRIVERS)}` });
  if (o.status === 'planned') return events;

  const loaded = at(first.date, rnd.int(5, 9), rnd.int(0, 59));
  events.push({ at: loaded, type: 'status', text: STATUS_LABELS.in_transit });
  events.push({ at: loaded, type: 'note', text: `Loaded in ${first.city}${o.loadText ? `: ${o.loadText}` : ''}` });
  if (o.status === 'in_transit') return events;

  const delivered = at(last.date, rnd.int(11, 16), rnd.int(0, 59));
  events.push({ at: delivered, type: 'status', text: STATUS_LABELS.delivered });
  if (o.podUrl) events.push({ at: later(Date.parse(delivered), 1, 5), type: 'pod', text: 'Proof of delivery received (signed CMR)' });
  if (o.status === 'delivered') return events;

  const invoice = o.invoice ?? invoiceFor(o.currency, rnd);
  // Billing happens in office hours, a few days after delivery; payment weeks later.
  const invoiceDay = addDays(last.date, rnd.int(1, 4));
  const invoicedAt = at(invoiceDay, rnd.int(7, 15), rnd.int(0, 59));
  events.push({ at: invoicedAt, type: 'invoice', text: `Invoice created in ${invoice.system}`, link: { url: invoice.url, label: 'Open invoice' } });
  events.push({ at: invoicedAt, type: 'status', text: STATUS_LABELS.invoice_created });
  if (o.status === 'paid') events.push({ at: at(addDays(invoiceDay, rnd.int(10, 30)), rnd.int(7, 14), rnd.int(0, 59)), type: 'status', text: STATUS_LABELS.paid });
  return events;
}

/** Booked 1-6 days ahead in office hours, and never after the demo's "today". */
export function createdBefore(firstDay: string, rnd: Random): string {
  const ahead = addDays(firstDay, -rnd.int(1, 6));
  return at(ahead < DEMO_TODAY ? ahead : addDays(DEMO_TODAY, -rnd.int(0, 2)), rnd.int(6, 15), rnd.int(0, 59));
}

// ---------------------------------------------------------------------------------------------
// Customers

const STEMS = ['Elbtal', 'Weser', 'Nordsee', 'Alpen', 'Rhein', 'Main', 'Havel', 'Spree', 'Mosel', 'Harz', 'Eifel', 'Ostsee', 'Donau', 'Isar', 'Neckar', 'Saale', 'Lahn', 'Ems', 'Taunus', 'Allgäu'];
const KINDS = ['Logistik', 'Spedition', 'Transporte', 'Fracht', 'Cargo', 'Kühltransporte', 'Baustoffe', 'Handel', 'Logistics', 'Express'];
const LEGAL: Record<string, string[]> = {
  DE: ['GmbH', 'GmbH & Co. KG', 'KG', 'AG', 'e.K.'],
  AT: ['GmbH', 'GesmbH', 'AG'],
  CH: ['AG', 'GmbH', 'SA'],
  PL: ['Sp. z o.o.', 'S.A.'],
  NL: ['B.V.', 'N.V.'],
};
const MAILBOX: Record<string, string> = { DE: 'buchhaltung', AT: 'buchhaltung', CH: 'finance', PL: 'faktury', NL: 'invoices' };

function vatId(country: string, rnd: Random): string {
  switch (country) {
    case 'AT':
      return `ATU${rnd.digits(8)}`;
    case 'CH':
      return `CHE-${rnd.digits(3)}.${rnd.digits(3)}.${rnd.digits(3)} MWST`;
    case 'PL':
      return `PL${rnd.digits(10)}`;
    case 'NL':
      return `NL${rnd.digits(9)}B01`;
    default:
      return `DE${rnd.digits(9)}`;
  }
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The first customers follow this mix, so even small rosters bill in EUR, CHF and PLN. */
const COUNTRY_MIX = ['DE', 'DE', 'CH', 'PL', 'DE', 'NL', 'AT', 'DE', 'DE', 'DE'];

function generateCustomers(count: number, rnd: Random): Customer[] {
  const used = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const country = COUNTRY_MIX[i] ?? rnd.weighted({ DE: 55, AT: 10, CH: 12, PL: 12, NL: 11 });
    let base = `${rnd.pick(STEMS)} ${rnd.pick(KINDS)}`;
    for (let tries = 0; used.has(base) && tries < 20; tries++) base = `${rnd.pick(STEMS)} ${rnd.pick(KINDS)} ${rnd.pick(PLACES).city}`;
    if (used.has(base)) base = `${base} ${i + 1}`;
    used.add(base);
    const name = `${base} ${rnd.pick(LEGAL[country] ?? ['GmbH'])}`;
    const home = rnd.pick(PLACES.filter((pl) => pl.countryCode === country));
    return {
      id: `C-${1001 + i}`,
      name,
      customerNumber: String(10001 + i),
      vatId: vatId(country, rnd),
      email: `${MAILBOX[country] ?? 'rechnung'}@${slug(base)}.example`,
      billingAddress: { street: home.street, zip: home.zip, city: home.city, countryCode: country },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Orders

function statusFor(firstDay: string, lastDay: string, rnd: Random): OrderStatus {
  if (firstDay > DEMO_TODAY) return rnd.chance(0.55) ? 'planned' : rnd.chance(0.9) ? 'open' : 'cancelled';
  if (lastDay >= DEMO_TODAY) return 'in_transit';
  if (lastDay < addDays(DEMO_TODAY, -21)) return rnd.weighted({ delivered: 25, invoice_created: 40, paid: 30, cancelled: 5 });
  return rnd.weighted({ delivered: 70, invoice_created: 24, cancelled: 6 });
}

/** Cents in the amount's last digits: mostly round freight rates, some odd ones. */
function amountString(euros: number, rnd: Random): string {
  const cents = rnd.chance(0.5) ? 0 : rnd.chance(0.3) ? 50 : rnd.int(1, 99);
  return `${Math.round(euros)}.${String(cents).padStart(2, '0')}`;
}

function reference(rnd: Random): string | null {
  if (rnd.chance(0.12)) return null;
  return rnd.pick([
    () => `PO-${rnd.digits(5)}`,
    () => `4500${rnd.digits(6)}`,
    () => `BE-2026-${rnd.digits(4)}`,
    () => `Auftrag ${rnd.digits(5)}`,
    () => `${rnd.pick(['KW', 'TR'])}${rnd.int(40, 48)}/${rnd.digits(3)}`,
  ])();
}

function generateOrder(i: number, total: number, customers: Customer[], rnd: Random, width: number, keyAccountShare?: number): Order {
  // Skewed towards the first customers: a few big accounts, a long tail, like real rosters.
  // With a key account, that share of the orders goes to the first customer before the usual
  // draw (no extra draw without one, so older seeds stay byte for byte the same).
  const key = keyAccountShare !== undefined && rnd.chance(keyAccountShare);
  const customer = (key ? customers[0] : customers[Math.floor(customers.length * rnd.next() ** 1.6)]) ?? customers[0]!;
  const country = customer.billingAddress.countryCode;
  const home = PLACES.filter((pl) => pl.countryCode === country);
  const from = rnd.chance(0.6) && home.length > 0 ? rnd.pick(home) : rnd.pick(PLACES);
  const others = PLACES.filter((pl) => pl.city !== from.city);

  const span = (LAST_DAY - FIRST_DAY) / DAY_MS;
  const pickupDay = dayString(FIRST_DAY + Math.min(span, Math.floor((i / Math.max(1, total)) * span) + rnd.int(0, 1)) * DAY_MS);
  const shape = rnd.weighted({ direct: 70, twoDrops: 14, twoPickups: 8, threeDrops: 5, twoAndTwo: 3 });
  const pickups = [from];
  const drops: Place[] = [rnd.pick(others)];
  if (shape === 'twoPickups' || shape === 'twoAndTwo') pickups.push(rnd.pick(PLACES.filter((pl) => pl.countryCode === from.countryCode)));
  if (shape !== 'direct' && shape !== 'twoPickups') drops.push(rnd.pick(others));
  if (shape === 'threeDrops') drops.push(rnd.pick(others));

  const stops: Stop[] = [];
  let day = pickupDay;
  pickups.forEach((pl, k) => stops.push(toStop('pickup', pl, k === 0 ? day : (day = addDays(day, rnd.int(0, 1))))));
  const crossBorder = drops.some((pl) => pl.countryCode !== from.countryCode);
  drops.forEach((pl) => stops.push(toStop('delivery', pl, (day = addDays(day, rnd.int(crossBorder ? 1 : 0, crossBorder ? 2 : 1))))));

  const currency = country === 'CH' && rnd.chance(0.85) ? 'CHF' : country === 'PL' && rnd.chance(0.85) ? 'PLN' : 'EUR';
  const euros = (crossBorder ? rnd.int(900, 2600) : rnd.int(380, 1450)) + (stops.length - 2) * 85;
  const rate = currency === 'PLN' ? 4.3 : currency === 'CHF' ? 0.94 : 1;

  const kind = rnd.pick(GOODS);
  const load: Order['load'] = {
    goods: kind.goods,
    weightKg: Math.round(rnd.int(kind.weightKg[0], kind.weightKg[1]) / 10) * 10,
    loadingMeters: Math.round((kind.loadingMeters[0] + rnd.next() * (kind.loadingMeters[1] - kind.loadingMeters[0])) * 10) / 10,
  };
  if (kind.pallets) load.pallets = rnd.int(kind.pallets[0], kind.pallets[1]);
  if (rnd.chance(0.08)) delete load.loadingMeters;
  if (rnd.chance(0.04)) delete load.weightKg;

  const number = `A-2026-${String(i + 1).padStart(width, '0')}`;
  const status = statusFor(pickupDay, day, rnd);
  const billed = status === 'delivered' || status === 'invoice_created' || status === 'paid';
  const podUrl = billed && rnd.chance(0.8) ? `/documents/pod-${number}.pdf` : null;
  const createdAt = createdBefore(pickupDay, rnd);
  const loadText = load.pallets !== undefined ? `${load.pallets} pallets` : undefined;
  return {
    id: `o-${String(i + 1).padStart(width, '0')}`,
    number,
    customerId: customer.id,
    customerReference: reference(rnd),
    status,
    price: { amount: amountString(euros * rate, rnd), currency },
    stops,
    load,
    podUrl,
    events: buildEvents({ status, stops, createdAt, podUrl, currency, ...(loadText ? { loadText } : {}) }, rnd),
    createdAt,
  };
}

export interface GenerateSeedOptions {
  orders: number;
  /** Default 10. */
  customers?: number;
  /** PRNG seed; default 1. */
  seed?: number;
  /**
   * Share of the orders (0 to 1) that go to the first customer, a German key account billed
   * in EUR, on top of its usual share. For collective invoices of hundreds of orders, e.g.
   * 0.5 of 2,000 orders gives it well over 300 delivered, not yet invoiced ones. Default:
   * none (the usual skewed roster).
   */
  keyAccountShare?: number;
}

export function generateSeed(opts: GenerateSeedOptions): Seed {
  const { orders, customers = 10, seed = 1, keyAccountShare } = opts;
  if (!Number.isInteger(orders) || orders < 0 || orders > 1_000_000) throw new Error('orders must be a whole number from 0 to 1000000');
  if (!Number.isInteger(customers) || customers < 1 || customers > 10_000) throw new Error('customers must be a whole number from 1 to 10000');
  if (keyAccountShare !== undefined && !(keyAccountShare >= 0 && keyAccountShare <= 1)) throw new Error('keyAccountShare must be a number from 0 to 1');
  const rnd = new Random(seed);
  const roster = generateCustomers(customers, rnd);
  const width = Math.max(4, String(orders).length);
  return {
    customers: roster,
    orders: Array.from({ length: orders }, (_, i) => generateOrder(i, orders, roster, rnd, width, keyAccountShare)),
  };
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: { orders: { type: 'string' }, customers: { type: 'string' }, seed: { type: 'string' }, 'key-account-share': { type: 'string' }, out: { type: 'string' } },
  });
  const num = (value: string | undefined, name: string) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got "${value}"`);
    return Number(value);
  };
  const orders = num(values.orders, 'orders');
  if (orders === undefined) throw new Error('usage: generate-seed.ts --orders N [--customers N] [--seed N] [--key-account-share 0.5] [--out file.json]');
  const customers = num(values.customers, 'customers');
  const seed = num(values.seed, 'seed');
  const share = values['key-account-share'];
  if (share !== undefined && !/^(0(\.\d+)?|1(\.0+)?)$/.test(share)) throw new Error(`--key-account-share must be a number from 0 to 1, got "${share}"`);
  const data = generateSeed({
    orders,
    ...(customers !== undefined ? { customers } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(share !== undefined ? { keyAccountShare: Number(share) } : {}),
  });
  parseSeed(data, 'generated seed'); // never hand out a file loadSeed would refuse
  const text = `${JSON.stringify(data, null, 2)}\n`;
  if (values.out) {
    writeFileSync(values.out, text);
    console.info(`wrote ${data.orders.length} orders for ${data.customers.length} customers to ${values.out}`);
  } else process.stdout.write(text);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
