/**
 * Composes the invoice from the selected orders, before anything is sent: one position per
 * order, one customer and one currency per invoice, the billing system's limits respected.
 * Pure: everything it needs comes in as arguments.
 */
import { maxDate, minDate, type IsoDate } from './dates';
import { deliveryDate, deliveryStops, INVOICED_STATUSES, type Order } from './order';
import { minorDigits } from './money';
import { fillTemplate, formatPeriod, INVOICE_WORDS } from './invoice-text';
import type { ContactRef, InvoiceDraft, Position } from './invoice';
import { positionDescriptionParts, positionName, shorten, shortenKeeping } from './position-text';
import type { Problem } from './problems';
import { PROVIDER_RULES, type ProviderId } from './provider-rules';
import type { TaxCase } from './tax';
import { decideDraftTax, type DraftTax } from './draft-tax';
import type { ReadProblem } from './read-problem';
import type { InvoiceSettings } from './settings';

export type { InvoiceSettings };

export const DEFAULT_PRICE_WARNING_LIMIT = 100_000;

export interface ReadFailure {
  id: string;
  number?: string;
  problems: readonly ReadProblem[];
}

export interface ComposeInput {
  orders: readonly Order[];
  failures?: readonly ReadFailure[];
  tms: { origin: string; adapter: string };
  provider: ProviderId;
  connected: boolean;
  settings: InvoiceSettings;
  /** The billing contact linked to the customer, if any. */
  contact: ContactRef | null;
  /** The customer's tax case if the user chose one (remembered); otherwise it is classified. */
  taxCase?: TaxCase | undefined;
  /** The case the user chose for this invoice only: wins over the customer's. */
  invoiceTaxCase?: TaxCase | undefined;
  /** Orders the ledger says are invoiced already (TMS ids). */
  invoiced?: ReadonlySet<string>;
  /** Orders an invoice job is working on right now. */
  inProgress?: ReadonlySet<string>;
  /** Already-invoiced orders the user explicitly includes again. */
  include?: ReadonlySet<string>;
  /** Orders the user left out of this invoice. */
  exclude?: ReadonlySet<string>;
  today: IsoDate;
}

export interface Composition {
  draft: InvoiceDraft | null;
  /** Problems of the selection itself; field problems come from validateDraft. */
  problems: Problem[];
  /** Orders that are selected but not on the invoice, and why. */
  excluded: { orderId: string; orderNumber: string; reason: 'already-invoiced' | 'invoice-in-progress' | 'left-out' | 'unreadable' }[];
  /** How the tax case was decided, and why (null without a draft). */
  tax?: DraftTax | null;
}

export function isAlreadyInvoiced(order: Order, invoiced: ReadonlySet<string> = new Set()): boolean {
  return INVOICED_STATUSES.has(order.status) || invoiced.has(order.id) || (order.invoiceLinks?.length ?? 0) > 0;
}

/**
 * Data that looks wrong but may be right: the user is told and decides; nothing is blocked.
 * The limit is in whole units of each order's own currency.
 */
function dataWarnings(orders: readonly Order[], priceLimit: number, today: IsoDate): Problem[] {
  const warnings: Problem[] = [];
  const yearAgo = shiftYear(today, -1);
  const yearAhead = shiftYear(today, 1);
  for (const order of orders) {
    const base = { severity: 'warning', orderId: order.id } as const;
    const orderNumber = order.number;
    const firstPickupDate = minDate(order.stops.filter((s) => s.type === 'pickup').map((s) => s.date));
    const firstDeliveryDate = minDate(deliveryStops(order).map((s) => s.date));
    if (firstPickupDate && firstDeliveryDate && firstDeliveryDate < firstPickupDate) warnings.push({ ...base, code: 'delivery-before-pickup', params: { orderNumber } });
    const far = order.stops.find((s) => s.date < yearAgo || s.date > yearAhead);
    if (far) warnings.push({ ...base, code: 'date-far', params: { orderNumber, date: far.date } });
    if (order.price.minor > priceLimit * 10 ** minorDigits(order.price.currency))
      warnings.push({ ...base, code: 'price-implausible', params: { orderNumber, limit: priceLimit, currency: order.price.currency } });
    for (const field of order.interpreted ?? []) warnings.push({ ...base, code: 'value-interpreted', params: { orderNumber, field } });
  }
  const counts = new Map<string, number>();
  for (const order of orders) counts.set(order.number, (counts.get(order.number) ?? 0) + 1);
  for (const [orderNumber, count] of counts) if (count > 1) warnings.push({ code: 'duplicate-order-number', severity: 'warning', params: { orderNumber, count } });
  return warnings;
}

/** The same calendar day a year earlier or later (29 February becomes 28 February). */
function shiftYear(day: IsoDate, years: number): IsoDate {
  const [y, m, d] = day.split('-');
  const shifted = `${String(Number(y) + years).padStart(4, '0')}-${m}-${m === '02' && d === '29' ? '28' : d}`;
  return shifted as IsoDate;
}

export function compose(input: ComposeInput): Composition {
  const problems: Problem[] = [];
  const excluded: Composition['excluded'] = [];
  const exclude = input.exclude ?? new Set<string>();

  for (const failure of input.failures ?? []) {
    if (exclude.has(failure.id)) {
      excluded.push({ orderId: failure.id, orderNumber: failure.number ?? failure.id, reason: 'unreadable' });
      continue;
    }
    for (const p of failure.problems) {
      problems.push({
        code: 'read-failed',
        severity: 'blocking',
        orderId: failure.id,
        params: { orderNumber: failure.number ?? failure.id, reason: p.code, ...(p.field ? { field: p.field } : {}), ...(p.limit ? { limit: p.limit } : {}), ...(p.host ? { host: p.host } : {}) },
      });
    }
  }

  const candidates: Order[] = [];
  for (const order of input.orders) {
    if (exclude.has(order.id)) {
      excluded.push({ orderId: order.id, orderNumber: order.number, reason: 'left-out' });
    } else if (input.inProgress?.has(order.id)) {
      excluded.push({ orderId: order.id, orderNumber: order.number, reason: 'invoice-in-progress' });
      problems.push({ code: 'invoice-in-progress', severity: 'info', orderId: order.id, params: { orderNumber: order.number } });
    } else if (isAlreadyInvoiced(order, input.invoiced) && !input.include?.has(order.id)) {
      excluded.push({ orderId: order.id, orderNumber: order.number, reason: 'already-invoiced' });
      problems.push({ code: 'already-invoiced', severity: 'warning', orderId: order.id, params: { orderNumber: order.number } });
    } else {
      candidates.push(order);
    }
  }

  if (candidates.length === 0) {
    if (!problems.some((p) => p.severity === 'blocking')) problems.push({ code: 'no-orders', severity: 'blocking' });
    return { draft: null, problems, excluded };
  }

  const customers = new Map(candidates.map((o) => [o.customer.id, o.customer.name]));
  if (customers.size > 1) {
    problems.push({ code: 'mixed-customers', severity: 'blocking', params: { customers: [...customers.values()].join(', '), count: customers.size } });
    return { draft: null, problems, excluded };
  }
  const currencies = [...new Set(candidates.map((o) => o.price.currency))];
  if (currencies.length > 1) {
    problems.push({ code: 'mixed-currencies', severity: 'blocking', params: { currencies: currencies.join(', ') } });
    return { draft: null, problems, excluded };
  }

  for (const order of candidates) {
    if (order.status === 'cancelled') problems.push({ code: 'cancelled', severity: 'warning', orderId: order.id, params: { orderNumber: order.number } });
    else if (order.status !== 'delivered' && !INVOICED_STATUSES.has(order.status))
      problems.push({ code: 'not-delivered', severity: 'warning', orderId: order.id, params: { orderNumber: order.number } });
  }

  problems.push(...dataWarnings(candidates, input.settings.priceWarningLimit ?? DEFAULT_PRICE_WARNING_LIMIT, input.today));

  const rules = PROVIDER_RULES[input.provider];
  const customer = candidates[0]!.customer;
  const currency = currencies[0]!;
  const { settings } = input;
  const settingsCase = settings.defaultTaxCase && settings.defaultTaxCase !== 'auto' ? settings.defaultTaxCase : undefined;
  const override = input.invoiceTaxCase
    ? { taxCase: input.invoiceTaxCase, scope: 'invoice' as const }
    : input.taxCase
      ? { taxCase: input.taxCase, scope: 'customer' as const }
      : settingsCase
        ? { taxCase: settingsCase, scope: 'settings' as const }
        : undefined;
  const tax = decideDraftTax({ orders: candidates, customer, override, mapping: settings.taxMapping, domesticRate: settings.domesticTaxRate, language: settings.language });
  problems.push(...tax.problems);
  const taxRate: Position['taxRatePercent'] = tax.ratePercent;

  const positions: Position[] = candidates.map((order) => {
    const name = shorten(positionName(order), rules.limits.positionName);
    // The position text is what both systems show per line (Lexware line description,
    // sevdesk position text, fact sheet §6): the references go there, within its limit.
    const parts = positionDescriptionParts(order, settings.language, settings.extraFields, { template: settings.templates.references, taxCase: tax.taxCase });
    const description = shortenKeeping(parts.body, parts.required, rules.limits.positionDescription);
    for (const [field, result] of [['name', name], ['description', description]] as const) {
      if (result.shortened) {
        const limit = field === 'name' ? rules.limits.positionName : rules.limits.positionDescription;
        problems.push({ code: 'text-shortened', severity: 'warning', orderId: order.id, params: { orderNumber: order.number, field, limit } });
      }
    }
    return {
      orderId: order.id,
      orderNumber: order.number,
      name: name.text,
      description: description.text,
      quantity: '1',
      unitName: settings.unitName,
      unitPriceMinor: order.price.minor,
      taxRatePercent: taxRate,
      ...(order.cmrNumber ? { cmrNumber: order.cmrNumber } : {}),
    };
  });

  const deliveries = candidates.map(deliveryDate);
  const service = { start: minDate(deliveries)!, end: maxDate(deliveries)! };
  const kind = positions.length === 1 ? 'single' : 'collective';
  const words = INVOICE_WORDS[settings.language];
  const references = [...new Set(candidates.map((o) => o.customerReference).filter((r): r is string => !!r))];
  const values = {
    orderNumbers: candidates.map((o) => o.number).join(', '),
    period: formatPeriod(service.start, service.end, settings.language),
    customerReference: references.join(', '),
    customerName: customer.name,
    count: String(candidates.length),
  };

  const texts = {
    title: fillTemplate(settings.templates.title || words.defaultTitle[kind], values),
    introduction: fillTemplate(settings.templates.introduction || words.defaultIntroduction[kind], values),
    remark: fillTemplate(settings.templates.remark || words.defaultRemark, values),
  };
  const shortened = {
    title: shorten(texts.title, rules.limits.title),
    introduction: shorten(texts.introduction, rules.limits.introduction),
    // The legal note is printed after the remark, in the same field: it is never the one shortened.
    remark: shorten(texts.remark, Math.max(0, rules.limits.remark - (tax.note ? tax.note.length + 2 : 0))),
  };
  for (const [field, result] of Object.entries(shortened)) {
    if (result.shortened) problems.push({ code: 'text-shortened', severity: 'warning', params: { field, limit: rules.limits[field as 'title'] } });
  }

  const draft: InvoiceDraft = {
    provider: input.provider,
    kind,
    tms: input.tms,
    customer,
    contact: input.contact,
    currency,
    language: settings.language,
    taxCase: tax.taxCase,
    ...(tax.rule ? { taxRule: tax.rule } : {}),
    ...(tax.note ? { taxNote: tax.note } : {}),
    voucherDate: input.today,
    service,
    title: shortened.title.text,
    introduction: shortened.introduction.text,
    remark: shortened.remark.text,
    positions,
    finalize: settings.finalize,
    paymentTermDays: settings.paymentTermDays,
  };
  return { draft, problems, excluded, tax };
}
