import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSeed } from './generate-seed';
import { parseSeed, type Order } from './seed';
import { DEFAULT_SEED_PATH, loadSeed } from './server';

const dir = mkdtempSync(path.join(tmpdir(), 'tms-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeSeed(name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

const bundled = () => JSON.parse(readFileSync(DEFAULT_SEED_PATH, 'utf8')) as { customers: unknown[]; orders: Record<string, unknown>[] };

/** Orders with long or odd data on purpose, for the bad-input tests (SEED.md). */
const ODD_DATA_ORDERS = ['o-0074', 'o-0075', 'o-0076'];

describe('seed validation', () => {
  it('accepts the bundled seed', () => {
    const seed = loadSeed();
    expect(seed.customers).toHaveLength(14);
    expect(seed.orders.length).toBeGreaterThanOrEqual(66);
  });

  it('has the ten roster customers the emulators seed contacts for, then the odd-data customer, then the tax-case customers', () => {
    const customers = loadSeed().customers;
    expect(customers.map((c) => c.id)).toEqual(['C-1001', 'C-1002', 'C-1003', 'C-1004', 'C-1005', 'C-1006', 'C-1007', 'C-1008', 'C-1009', 'C-1010', 'C-1011', 'C-1012', 'C-1013', 'C-1014']);
    expect(customers.find((c) => c.id === 'C-1011')!.name).toHaveLength(320);
    expect(customers.find((c) => c.id === 'C-1001')).toMatchObject({ name: 'Spedition Nordlicht GmbH', customerNumber: '10001', vatId: 'DE123456789' });
    for (const c of customers) expect(c).toMatchObject({ email: expect.any(String), billingAddress: { countryCode: expect.stringMatching(/^[A-Z]{2}$/) } });
    // Without a VAT ID on purpose: an Austrian business (reverse charge must stop) and a public authority.
    expect(customers.filter((c) => c.vatId === null).map((c) => c.id)).toEqual(['C-1012', 'C-1013']);
  });

  it('holds the tax-case orders tests/e2e/tax-cases.spec.ts invoices (SEED.md)', () => {
    const seed = loadSeed();
    const byId = (id: string) => seed.orders.find((o) => o.id === id)!;
    const customer = (id: string) => seed.customers.find((c) => c.id === byId(id).customerId)!;
    const route = (id: string) => byId(id).stops.map((s) => s.countryCode);
    // An Austrian business without a VAT ID: reverse charge can't be assumed.
    expect(byId('o-0077')).toMatchObject({ status: 'delivered', price: { currency: 'EUR' } });
    expect(customer('o-0077')).toMatchObject({ vatId: null, billingAddress: { countryCode: 'AT' } });
    // A public authority (XRechnung with a Leitweg-ID), domestic route.
    expect(customer('o-0078')).toMatchObject({ name: 'Umweltbetrieb Bremen', billingAddress: { countryCode: 'DE' } });
    expect(route('o-0078')).toEqual(['DE', 'DE']);
    // A German business, an import from Switzerland: § 4 Nr. 3 UStG.
    expect(customer('o-0079')).toMatchObject({ vatId: 'DE312345675', billingAddress: { countryCode: 'DE' } });
    expect(route('o-0079')).toEqual(['CH', 'DE']);
    // They sort last (oldest delivery), so the first rows other tests pick stay the same.
    for (const id of ['o-0077', 'o-0078', 'o-0079']) expect(byId(id).stops.at(-1)!.date).toBe('2026-10-01');
  });

  it.each([
    ['a bad price amount', (d: ReturnType<typeof bundled>) => ((d.orders[3]!.price as { amount: string }).amount = '12,50'), /orders\[3\]\.price\.amount must be a decimal string.*"12,50"/],
    ['an unknown status', (d: ReturnType<typeof bundled>) => (d.orders[0]!.status = 'done'), /orders\[0\]\.status must be one of open, planned/],
    ['a missing field', (d: ReturnType<typeof bundled>) => delete d.orders[5]!.number, /orders\[5\]\.number is required/],
    ['an impossible date', (d: ReturnType<typeof bundled>) => ((d.orders[1]!.stops as { date: string }[])[0]!.date = '2026-02-30'), /orders\[1\]\.stops\[0\]\.date must be a date/],
    ['no stops', (d: ReturnType<typeof bundled>) => (d.orders[2]!.stops = []), /orders\[2\]\.stops must hold at least one stop/],
    ['a javascript: POD link', (d: ReturnType<typeof bundled>) => (d.orders[0]!.podUrl = 'javascript:alert(1)'), /orders\[0\]\.podUrl must be an absolute http\(s\) URL/],
    ['an unknown customer', (d: ReturnType<typeof bundled>) => (d.orders[7]!.customerId = 'C-9999'), /orders\[7\]\.customerId "C-9999" is not a customer/],
    ['a duplicate order id', (d: ReturnType<typeof bundled>) => (d.orders[8]!.id = d.orders[9]!.id), /orders\[9\]\.id "o-\d+" is used twice/],
  ])('rejects %s, naming the field', (_name, breakIt, message) => {
    const data = bundled();
    breakIt(data);
    const file = writeSeed('broken.json', data);
    expect(() => loadSeed(file)).toThrow(message);
    expect(() => loadSeed(file)).toThrow(file);
  });

  it('explains unreadable and non-JSON files', () => {
    expect(() => loadSeed(path.join(dir, 'missing.json'))).toThrow(/cannot read the file/);
    expect(() => loadSeed(writeSeed('bad.json', '{"customers": ['))).toThrow(/not valid JSON/);
  });

  it('fills optional fields the shared format may leave out', () => {
    const data = bundled();
    const order = data.orders[0]!;
    delete order.customerReference;
    delete order.podUrl;
    delete order.events;
    delete order.load;
    delete order.createdAt;
    const seed = parseSeed(data);
    expect(seed.orders[0]).toMatchObject({ customerReference: null, podUrl: null, events: [], load: {} });
  });
});

describe('bundled seed content', () => {
  const seed = loadSeed();
  const of = (customerId: string) => seed.orders.filter((o) => o.customerId === customerId);
  const delivered = (orders: Order[]) => orders.filter((o) => o.status === 'delivered');

  it('has orders for every customer and every status', () => {
    for (const c of seed.customers) expect(of(c.id).length).toBeGreaterThan(0);
    const statuses = new Set(seed.orders.map((o) => o.status));
    expect([...statuses].sort()).toEqual(['cancelled', 'delivered', 'in_transit', 'invoice_created', 'open', 'paid', 'planned']);
    expect(seed.orders.filter((o) => o.status === 'paid').length).toBeGreaterThanOrEqual(2);
    expect(seed.orders.filter((o) => o.status === 'cancelled').length).toBeGreaterThanOrEqual(2);
  });

  it('covers the invoice scenarios', () => {
    const nordlicht = delivered(of('C-1001')).filter((o) => o.price.currency === 'EUR');
    expect(nordlicht.length).toBeGreaterThanOrEqual(14);
    expect(delivered(of('C-1006')).filter((o) => o.price.currency === 'EUR').length).toBeGreaterThanOrEqual(3);
    expect(delivered(of('C-1007')).filter((o) => o.price.currency === 'EUR').length).toBeGreaterThanOrEqual(2);
    expect(delivered(of('C-1008')).length).toBeGreaterThanOrEqual(2);
    const alpentrans = of('C-1004');
    expect(alpentrans.filter((o) => o.price.currency === 'EUR')).toHaveLength(2);
    expect(alpentrans.filter((o) => o.price.currency === 'CHF').length).toBeGreaterThan(2);
    expect(new Set(delivered(alpentrans).map((o) => o.price.currency))).toEqual(new Set(['CHF', 'EUR']));
    expect(of('C-1005').every((o) => o.price.currency === 'PLN')).toBe(true);
  });

  it('has delivered orders with and without proof of delivery', () => {
    const done = seed.orders.filter((o) => o.status === 'delivered');
    expect(done.some((o) => o.podUrl === null)).toBe(true);
    for (const o of done.filter((x) => x.podUrl !== null)) expect(o.podUrl).toBe(`/documents/pod-${o.number}.pdf`);
    for (const o of seed.orders.filter((x) => ['open', 'planned', 'in_transit', 'cancelled'].includes(x.status))) expect(o.podUrl).toBeNull();
  });

  it('records an invoice link on every invoiced order', () => {
    for (const o of seed.orders.filter((x) => x.status === 'invoice_created' || x.status === 'paid')) {
      const invoice = o.events.find((e) => e.type === 'invoice');
      expect(invoice?.link?.url).toMatch(/^https:\/\//);
      // Lexware Office takes EUR only.
      if (o.price.currency !== 'EUR') expect(invoice?.text).toContain('sevdesk');
    }
  });

  it('is realistic: Oct-Nov 2026 dates in driving order, 1-4 stops, 2-decimal prices, events', () => {
    // The odd-data orders (SEED.md) are wrong on purpose: dates out of order or far away.
    for (const o of seed.orders.filter((order) => !ODD_DATA_ORDERS.includes(order.id))) {
      expect(o.stops.length).toBeGreaterThanOrEqual(1);
      expect(o.stops.length).toBeLessThanOrEqual(4);
      const dates = o.stops.map((s) => s.date);
      expect([...dates].sort()).toEqual(dates);
      for (const d of dates) expect(d >= '2026-10-01' && d <= '2026-11-30').toBe(true);
      expect(o.price.amount).toMatch(/^\d+\.\d{2}$/);
      expect(o.events.length).toBeGreaterThan(0);
      expect(o.events[0]!.text).toBe('Order created');
    }
    expect(seed.orders.some((o) => !o.price.amount.endsWith('0'))).toBe(true);
    expect(seed.orders.some((o) => o.stops.filter((s) => s.type === 'delivery').length > 1)).toBe(true);
    expect(seed.orders.some((o) => o.load.pallets === undefined)).toBe(true);
    expect(seed.orders.filter((o) => o.customerReference !== null).length).toBeGreaterThan(seed.orders.length * 0.8);
  });

  it('holds the odd-data orders the bad-input tests read', () => {
    const byId = (id: string) => seed.orders.find((o) => o.id === id)!;
    expect(byId('o-0074').load.goods).toHaveLength(5000);
    expect(byId('o-0074').customerReference).toHaveLength(1000);
    expect(byId('o-0075')).toMatchObject({ priceText: '1250 EUR netto', load: { weightKg: 'ca. 1.200 kg' } });
    expect(byId('o-0075').stops.map((s) => s.date)).toEqual(['2026-11-11', '2026-11-09']);
    expect(byId('o-0076')).toMatchObject({ price: { amount: '148500.00' }, stops: [{ date: '2028-03-01' }, { date: '2028-03-02' }] });
  });

  it('matches the example in the shared seed documentation', () => {
    expect(seed.orders[0]).toMatchObject({ id: 'o-0001', number: 'A-2026-0412', customerId: 'C-1001', customerReference: 'PO-7781', status: 'delivered' });
  });

  it('keeps the scenario orders README.md documents for tests', () => {
    const byId = (id: string) => seed.orders.find((o) => o.id === id)!;
    const facts: [string, string, string, string, boolean][] = [
      ['o-0001', 'C-1001', 'delivered', 'EUR', true],
      ['o-0009', 'C-1001', 'delivered', 'EUR', false],
      ['o-0022', 'C-1004', 'delivered', 'CHF', true],
      ['o-0032', 'C-1004', 'delivered', 'CHF', false],
      ['o-0036', 'C-1004', 'delivered', 'EUR', true],
      ['o-0045', 'C-1004', 'delivered', 'EUR', true],
      ['o-0021', 'C-1005', 'delivered', 'PLN', true],
      ['o-0004', 'C-1001', 'invoice_created', 'EUR', true],
      ['o-0013', 'C-1004', 'invoice_created', 'CHF', true],
      ['o-0015', 'C-1005', 'invoice_created', 'PLN', true],
      ['o-0003', 'C-1001', 'paid', 'EUR', true],
      ['o-0046', 'C-1003', 'cancelled', 'EUR', false],
      ['o-0052', 'C-1008', 'delivered', 'EUR', false],
      ['o-0042', 'C-1007', 'delivered', 'EUR', true],
    ];
    for (const [id, customerId, status, currency, pod] of facts) {
      expect(byId(id), id).toMatchObject({ customerId, status, price: { currency } });
      expect(byId(id).podUrl !== null, id).toBe(pod);
    }
    const collective = ['o-0001', 'o-0002', 'o-0007', 'o-0009', 'o-0014', 'o-0018', 'o-0019', 'o-0020', 'o-0024', 'o-0026', 'o-0030', 'o-0031', 'o-0033', 'o-0037', 'o-0043', 'o-0051'];
    expect(delivered(of('C-1001')).map((o) => o.id)).toEqual(collective);
    expect(byId('o-0052').load.goods).toBe('<img src=x onerror=alert(1)>');
    expect(byId('o-0042').customerReference).toBe('LS 2026/118 "Rohbau" <Los 3> & \'Halle B\'');
    expect(byId('o-0062').stops).toHaveLength(1);
  });

  it('contains the hostile strings the app must show as text', () => {
    expect(seed.orders.filter((o) => o.load.goods === '<img src=x onerror=alert(1)>')).toHaveLength(1);
    const ref = seed.orders.find((o) => o.customerReference && /[&]/.test(o.customerReference) && /</.test(o.customerReference));
    for (const ch of ['&', '<', '>', '"', "'"]) expect(ref?.customerReference).toContain(ch);
  });
});

describe('generateSeed', () => {
  it('makes 1,000 orders that loadSeed accepts, the same every time', () => {
    const a = generateSeed({ orders: 1000 });
    const b = generateSeed({ orders: 1000 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.orders).toHaveLength(1000);
    const loaded = loadSeed(writeSeed('generated.json', a));
    expect(loaded.orders).toHaveLength(1000);
    expect(new Set(a.orders.map((o) => o.status)).size).toBe(7);
    expect(new Set(a.orders.map((o) => o.price.currency))).toEqual(new Set(['EUR', 'CHF', 'PLN']));
  });

  it('varies with the seed and honours the customer count', () => {
    const a = generateSeed({ orders: 50, customers: 25, seed: 2 });
    const b = generateSeed({ orders: 50, customers: 25, seed: 3 });
    expect(a.customers).toHaveLength(25);
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(() => parseSeed(a)).not.toThrow();
    expect(() => generateSeed({ orders: -1 })).toThrow(/orders/);
  });

  it('can make the first customer a key account with 300+ delivered EUR orders, without changing other seeds', () => {
    const a = generateSeed({ orders: 2000, keyAccountShare: 0.5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(generateSeed({ orders: 2000, keyAccountShare: 0.5 })));
    expect(() => parseSeed(a)).not.toThrow();
    const key = a.customers[0]!;
    expect(key.billingAddress.countryCode).toBe('DE');
    const billable = a.orders.filter((o) => o.customerId === key.id && o.status === 'delivered' && o.price.currency === 'EUR');
    expect(billable.length).toBeGreaterThanOrEqual(300);
    expect(billable.every((o) => !o.events.some((e) => e.type === 'invoice'))).toBe(true);
    // Seeds generated before the option existed stay byte for byte the same.
    const hash = (data: unknown) => createHash('sha256').update(JSON.stringify(data)).digest('hex');
    expect(hash(generateSeed({ orders: 50, customers: 25, seed: 2 }))).toBe('4f8a20561b6394510266d246029f8239a3ec54c69e209eb9cb51a6bea98ef2b7');
    expect(() => generateSeed({ orders: 10, keyAccountShare: 1.5 })).toThrow(/keyAccountShare/);
  });

  it('has a CLI that writes a loadable file', () => {
    const out = path.join(dir, 'cli.json');
    execFileSync(process.execPath, ['--import', 'tsx', 'sandbox/tms/generate-seed.ts', '--orders', '30', '--seed', '9', '--out', out], {
      stdio: 'pipe',
    });
    expect(loadSeed(out).orders).toHaveLength(30);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(JSON.stringify(generateSeed({ orders: 30, seed: 9 }))));
  }, 30_000);
});
