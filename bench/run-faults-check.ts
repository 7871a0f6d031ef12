/**
 * Figure 15's verdict, from the emulators' own stores (never from the extension's view of
 * them): which planned order ended on which invoice in the billing system, which is on two
 * (a duplicate) or on none (lost), which invoices nobody planned, whether the TMS recorded
 * each order exactly once and with the right invoice, and whether the run's report says what
 * the stores say. Pure, so it is unit-tested apart from the browser run.
 */

/** One invoice of the run as planned (the run's items, written once at its start). */
export interface PlannedRunInvoice {
  key: string;
  orderIds: string[];
  orderNumbers: string[];
}

/** An invoice as the billing system's store holds it, with the texts of its lines. */
export interface StoredInvoice {
  id: string;
  /** Every line's name and description: the order numbers are found in them. */
  lineTexts: string[];
}

/** An order as the TMS's store holds it, with the invoice links it recorded. */
export interface StoredOrder {
  id: string;
  number: string;
  status: string;
  /** The link URL of each "invoice" event on the order. */
  invoiceLinks: string[];
}

/** What the run's report says about one invoice. */
export interface ReportedInvoice {
  key: string;
  state: string;
  invoiceId?: string;
}

export interface RunFaultsVerdict {
  plannedInvoices: number;
  plannedOrders: number;
  /** Invoices in the billing system that hold at least one planned order. */
  createdInvoices: number;
  /** Planned orders on more than one invoice, with the invoices. */
  duplicates: { orderNumber: string; invoiceIds: string[] }[];
  /** Planned orders on no invoice. */
  lost: string[];
  /** Those of `lost` whose invoice the report shows as failed (the user sees it, with "Retry"): lost, but not silently. */
  lostShownFailed: string[];
  /** Invoices that hold none of the planned orders (nothing else should have been created). */
  unplannedInvoices: string[];
  /** Invoices whose orders are not exactly one planned invoice's orders. */
  misgrouped: string[];
  /** Planned orders the TMS recorded exactly once, with the invoice they are on. */
  recordedOnce: number;
  /** Planned orders with no invoice event, or one pointing elsewhere. */
  notRecorded: string[];
  /** Planned orders with more than one invoice event. */
  recordedTwice: string[];
  /** Orders outside the plan that got an invoice event during the run. */
  recordedOutsidePlan: string[];
  /** Where the run's report and the stores disagree, in words. */
  reportMismatches: string[];
  ok: boolean;
}

/** The planned order numbers found in an invoice's lines (each counted once per invoice). */
export function orderNumbersIn(lineTexts: readonly string[], known: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const text of lineTexts) {
    // Order numbers are tokens of letters, digits and dashes: "A-2026-0012" never matches inside "A-2026-00123".
    for (const token of text.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []) if (known.has(token)) found.add(token);
  }
  return [...found];
}

/** The invoice id a TMS invoice event links to (the deep link's last path segment). */
export function invoiceIdOfLink(url: string): string {
  return url.replace(/[?#].*$/, '').split('/').filter(Boolean).at(-1) ?? '';
}

export function checkRunFaults(input: {
  planned: readonly PlannedRunInvoice[];
  invoices: readonly StoredInvoice[];
  orders: readonly StoredOrder[];
  report: readonly ReportedInvoice[];
  /** Invoice links each order already had before the run (the seed's), left out of the count. */
  linksBefore?: ReadonlyMap<string, readonly string[]>;
}): RunFaultsVerdict {
  const plannedNumbers = new Set(input.planned.flatMap((p) => p.orderNumbers));
  const idOfNumber = new Map(input.planned.flatMap((p) => p.orderNumbers.map((n, i) => [n, p.orderIds[i]!] as const)));

  const invoicesOfNumber = new Map<string, string[]>();
  const numbersOfInvoice = new Map<string, string[]>();
  for (const invoice of input.invoices) {
    const numbers = orderNumbersIn(invoice.lineTexts, plannedNumbers);
    numbersOfInvoice.set(invoice.id, numbers);
    for (const n of numbers) invoicesOfNumber.set(n, [...(invoicesOfNumber.get(n) ?? []), invoice.id]);
  }
  const duplicates = [...invoicesOfNumber].filter(([, ids]) => ids.length > 1).map(([orderNumber, invoiceIds]) => ({ orderNumber, invoiceIds }));
  const lost = [...plannedNumbers].filter((n) => !invoicesOfNumber.has(n));
  const unplannedInvoices = [...numbersOfInvoice].filter(([, numbers]) => numbers.length === 0).map(([id]) => id);
  const plannedSets = new Set(input.planned.map((p) => [...p.orderNumbers].sort().join(',')));
  const misgrouped = [...numbersOfInvoice].filter(([, numbers]) => numbers.length > 0 && !plannedSets.has([...numbers].sort().join(','))).map(([id]) => id);

  // The TMS: one invoice event per planned order, pointing at the invoice the order is on.
  const newLinks = (order: StoredOrder) => {
    const before = input.linksBefore?.get(order.id) ?? [];
    return order.invoiceLinks.filter((l) => !before.includes(l));
  };
  const ordersById = new Map(input.orders.map((o) => [o.id, o]));
  let recordedOnce = 0;
  const notRecorded: string[] = [];
  const recordedTwice: string[] = [];
  for (const number of plannedNumbers) {
    const order = ordersById.get(idOfNumber.get(number)!);
    const links = order ? newLinks(order) : [];
    const onInvoices = invoicesOfNumber.get(number) ?? [];
    if (links.length > 1) recordedTwice.push(number);
    else if (links.length === 1 && onInvoices.includes(invoiceIdOfLink(links[0]!))) recordedOnce++;
    else notRecorded.push(number);
  }
  const plannedIds = new Set(idOfNumber.values());
  const recordedOutsidePlan = input.orders.filter((o) => !plannedIds.has(o.id) && newLinks(o).length > 0).map((o) => o.number);

  // The report: every planned invoice reported created with the invoice the store holds for its orders.
  const reportMismatches: string[] = [];
  const reportByKey = new Map(input.report.map((r) => [r.key, r]));
  for (const planned of input.planned) {
    const reported = reportByKey.get(planned.key);
    const stored = new Set(planned.orderNumbers.flatMap((n) => invoicesOfNumber.get(n) ?? []));
    const label = planned.orderNumbers.length === 1 ? planned.orderNumbers[0]! : `${planned.orderNumbers[0]} and ${planned.orderNumbers.length - 1} more`;
    if (!reported) reportMismatches.push(`${label}: not in the report`);
    else if (reported.invoiceId === undefined) {
      if (stored.size > 0) reportMismatches.push(`${label}: reported ${reported.state} without an invoice, the billing system has ${[...stored].join(', ')}`);
    } else if (!stored.has(reported.invoiceId) || stored.size !== 1) {
      reportMismatches.push(`${label}: reported invoice ${reported.invoiceId}, the billing system has ${[...stored].join(', ') || 'none'}`);
    }
  }
  if (input.report.length !== input.planned.length) reportMismatches.push(`the report lists ${input.report.length} invoices, ${input.planned.length} were planned`);

  const failedNumbers = new Set(input.planned.filter((p) => reportByKey.get(p.key)?.state === 'failed').flatMap((p) => p.orderNumbers));
  const lostShownFailed = lost.filter((n) => failedNumbers.has(n));
  const createdInvoices = [...numbersOfInvoice.values()].filter((n) => n.length > 0).length;
  return {
    plannedInvoices: input.planned.length,
    plannedOrders: plannedNumbers.size,
    createdInvoices,
    duplicates,
    lost,
    lostShownFailed,
    unplannedInvoices,
    misgrouped,
    recordedOnce,
    notRecorded,
    recordedTwice,
    recordedOutsidePlan,
    reportMismatches,
    ok:
      duplicates.length === 0 &&
      lost.length === 0 &&
      unplannedInvoices.length === 0 &&
      misgrouped.length === 0 &&
      createdInvoices === input.planned.length &&
      recordedOnce === plannedNumbers.size &&
      recordedOutsidePlan.length === 0 &&
      reportMismatches.length === 0,
  };
}
