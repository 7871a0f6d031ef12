/**
 * Reads a whole order from the demo TMS's detail page. The page shows everything an invoice
 * needs, so nothing else is fetched here.
 */
import { parseGermanDate } from '../../domain/dates';
import { parseGermanNumberText } from '../../domain/money';
import type { ActionAnchor, OrderReadResult, OrderSummary, ReadProblem } from '../adapter';
import { finishOrder, readPrice, readWeight } from '../read-order';
import { countryCode } from './countries';
import { DEMO_TMS, STATUS_WORDS } from './selectors';

const S = DEMO_TMS.detail;

const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const optional = (value: string): string | undefined => (value === '' ? undefined : value);

export function detailOrderId(url: URL): string | null {
  const match = S.path.exec(url.pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

/** The <dd> next to the <dt> with this label, inside a section. */
/** Only the references the order has: an order without them reads as before. */
function dropEmpty<T extends Record<string, string | undefined>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function field(section: Element | null, label: string): Element | null {
  if (!section) return null;
  for (const row of section.querySelectorAll('dt')) {
    if (text(row) === label) return row.nextElementSibling;
  }
  return null;
}

/** "80939 München" → zip and city; the zip is the first word when it contains a digit. */
function splitCityLine(line: string): { zip?: string; city: string } {
  const match = /^(\S*\d\S*(?:\s[A-Z]{2})?)\s+(.+)$/.exec(line);
  return match ? { zip: match[1]!, city: match[2]! } : { city: line };
}

function readAddress(address: Element | null, prefix: string) {
  const cityLine = splitCityLine(text(address?.querySelector(`.${prefix}-city`)));
  return {
    street: optional(text(address?.querySelector(`.${prefix}-street`))),
    zip: cityLine.zip,
    city: cityLine.city,
    countryCode: countryCode(text(address?.querySelector(`.${prefix}-country`))) ?? '',
  };
}

function numberFrom(textValue: string, unit: string): number | undefined {
  const plain = parseGermanNumberText(textValue.replace(unit, '').trim());
  return plain === null ? undefined : Number(plain);
}

function orderNumber(doc: Document): string {
  const heading = text(doc.querySelector(S.heading));
  return heading.startsWith(S.headingPrefix) ? heading.slice(S.headingPrefix.length).trim() : heading;
}

export function isDetailPage(doc: Document, url: URL): boolean {
  return detailOrderId(url) !== null && doc.querySelector(S.sections.customer) !== null;
}

export function parseDetailPage(doc: Document, url: URL): OrderReadResult {
  const id = detailOrderId(url) ?? '';
  const problems: ReadProblem[] = [];
  const customerSection = doc.querySelector(S.sections.customer);
  const customerName = text(field(customerSection, 'Name'));
  const customerNumber = text(field(customerSection, 'Customer number'));
  const billing = field(customerSection, 'Billing address')?.querySelector('address') ?? null;

  const stops = [...doc.querySelectorAll(`${S.sections.stops} ${S.stop}`)].map((li) => {
    const typeText = text(li.querySelector('.stop-type'));
    const time = li.querySelector('time.stop-date');
    const date = time?.getAttribute('datetime') || parseGermanDate(text(time)) || text(time);
    return {
      type: typeText === 'Pickup' ? 'pickup' : typeText === 'Delivery' ? 'delivery' : typeText,
      name: optional(text(li.querySelector('.stop-name'))),
      ...readAddress(li.querySelector('address'), 'stop'),
      date,
    };
  });

  const loadSection = doc.querySelector(S.sections.load);
  const weight = text(field(loadSection, 'Weight'));
  const ldm = text(field(loadSection, 'Loading metres'));
  const pallets = text(field(loadSection, 'Pallets'));
  const ldmPlain = ldm ? parseGermanNumberText(ldm.replace('ldm', '').trim()) : null;
  const weightRead = weight ? readWeight(weight) : undefined;
  const load = {
    goods: optional(text(field(loadSection, 'Goods'))),
    weightKg: weightRead?.value,
    loadingMeters: ldmPlain ?? undefined,
    pallets: pallets ? numberFrom(pallets, 'Pal.') : undefined,
  };

  const price = readPrice(doc.querySelector(`${S.sections.price} .price-amount`)?.textContent);
  if (price.problem) problems.push(price.problem);
  const interpreted = [...(price.interpreted ? (['price'] as const) : []), ...(weightRead?.interpreted ? (['weight'] as const) : [])];

  const pod = doc.querySelector<HTMLAnchorElement>(`${S.sections.documents} a[href]`);
  const statusText = text(doc.querySelector(S.status));
  const invoiceLinks = [...doc.querySelectorAll<HTMLAnchorElement>(S.invoiceLinks)].map((a) => absolute(a.getAttribute('href'), url)).filter((u): u is string => !!u);
  const podUrl = absolute(pod?.getAttribute('href') ?? null, url);
  const documents = doc.querySelector(S.sections.documents);
  const freightReferences = dropEmpty({
    cmrNumber: optional(text(field(documents, 'CMR number'))),
    vehicle: optional(text(field(documents, 'Vehicle'))),
    freightTerms: optional(text(field(documents, 'Freight terms'))),
    exportReference: optional(text(field(documents, 'Export reference (MRN)'))),
  });

  const candidate = {
    id,
    number: orderNumber(doc),
    customer: {
      // The page shows the customer number, not the TMS's internal id; it identifies the customer.
      id: customerNumber || (customerName ? `name:${customerName}` : ''),
      name: customerName,
      customerNumber: optional(customerNumber),
      vatId: optional(text(field(customerSection, 'VAT ID'))),
      email: optional(text(field(customerSection, 'E-mail'))),
      billingAddress: billing ? readAddress(billing, 'billing') : undefined,
    },
    customerReference: optional(text(field(customerSection, 'Customer reference'))),
    status: STATUS_WORDS[statusText] ?? statusText,
    ...(price.price ? { price: price.price } : {}),
    stops,
    load,
    ...(podUrl ? { podUrl } : {}),
    ...freightReferences,
    ...(invoiceLinks.length ? { invoiceLinks } : {}),
    ...(interpreted.length ? { interpreted } : {}),
    source: { origin: url.origin, adapter: DEMO_TMS.id },
  };
  return finishOrder(candidate, problems);
}

function absolute(href: string | null, base: URL): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function summariseDetail(doc: Document, url: URL): OrderSummary | null {
  const id = detailOrderId(url);
  if (!id || !doc.querySelector(S.sections.customer)) return null;
  const statusText = text(doc.querySelector(S.status));
  return {
    id,
    number: orderNumber(doc),
    customerName: text(field(doc.querySelector(S.sections.customer), 'Name')),
    price: readPrice(doc.querySelector(`${S.sections.price} .price-amount`)?.textContent).price ?? null,
    status: STATUS_WORDS[statusText] ?? statusText,
  };
}

export function detailActionAnchor(doc: Document): ActionAnchor | null {
  const actions = doc.querySelector(S.actions);
  return actions ? { element: actions, append: 'first' } : null;
}
