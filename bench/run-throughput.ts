/**
 * `npx tsx bench/run-throughput.ts` (also run by `npm run bench` as figure 10; `RUN_ORDERS`,
 * `RUN_CUSTOMERS` change the size for a quick try): a billing run
 * of 1,000 delivered orders for 120 customers against the Lexware Office emulator, with the
 * product's own run service, invoice jobs, Lexware client and token bucket, in Node.
 *
 * The figure is total time ÷ (Lexware requests ÷ the emulator's rate): 1.00 would be every
 * request at the API's limit with no gap. Also reported: 429 answers the client met (it waits
 * and sends again) and invoices that failed because of one (user-visible 429s, budget 0).
 *
 * Time scale: at Lexware's 2 requests/s a run of 120 invoices (about 240 requests: each
 * creation and one search for twins) takes two minutes, five runs ten. The emulator and the
 * client's bucket are both sped up by TIME_SCALE (the client keeps its ratio to the limit,
 * 1.95 of 2 per second, utils/billing/registry.ts), so the ratio is what it would be at 2/s, less the share of request
 * latency, which at 10/s weighs five times as much as at 2/s (an upper bound, then).
 * Left out: the browser (storage is the fake browser's, in memory), the invoice book, and the
 * TMS: write-back goes to a stand-in that answers after 5 ms (its lane never takes a billing
 * call; figure 9 measures it against the demo TMS).
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { startEmulator } from '../sandbox/kit/http';
import { createLexwareEmulator } from '../sandbox/lexware/server';
import { PROVIDERS } from '../utils/billing/registry';

export const RUN_ORDERS = Number(process.env.RUN_ORDERS ?? 1000);
export const RUN_CUSTOMERS = Number(process.env.RUN_CUSTOMERS ?? 120);
export const TIME_SCALE = 5;
/** Lexware's limit (the emulator's default), and the client's own pace as the product sets it. */
const API_RATE = 2;
/** `BENCH_LEXWARE_PACE=1.95` tries another client pace (requests/s at the real time scale). */
const CLIENT_RATE = Number(process.env.BENCH_LEXWARE_PACE) || PROVIDERS.lexware.rateLimit.refillPerSecond;
const API_KEY = 'bench-lexware-key';
/** The HTTP client's base backoff (utils/billing/http.ts, `backoffMs` default). */
const CLIENT_BACKOFF_MS = 500;

export interface ThroughputRun {
  seconds: number;
  lexwareRequests: number;
  answered429: number;
  idealSeconds: number;
  ratio: number;
  invoices: number;
  created: number;
  userVisible429: number;
  /** Requests by method and path, ids left out. */
  requests: Record<string, number>;
  /**
   * Where the time beyond the pace went (ms): before the first request, after the last answer,
   * and between requests beyond the client's own interval (1 ÷ its pace), split into the gaps
   * after a 429 (the client's backoff) and the others (the job's own steps between calls).
   */
  parts: { beforeFirstMs: number; afterLastMs: number; gapsAfter429Ms: number; otherGapsMs: number; paceIntervalMs: number };
}

export async function measureRunThroughput(): Promise<ThroughputRun> {
  // The run service stores jobs and runs through wxt/browser: the fake browser stands in.
  (globalThis as { chrome?: unknown }).chrome = fakeBrowser;
  const [{ JobJournal }, { InvoiceJobs }, { RunJournal }, { BillingRuns }, { createLexwareProvider }, { TokenBucket }, { makeDraft }, { makeOrder, nordlicht, TMS_ORIGIN }] =
    await Promise.all([
      import('../utils/jobs/journal'),
      import('../utils/jobs/service'),
      import('../utils/jobs/run-journal'),
      import('../utils/jobs/run-service'),
      import('../utils/billing/lexware/provider'),
      import('../utils/billing/rate-limit'),
      import('../tests/support/drafts'),
      import('../tests/support/orders'),
    ]);
  fakeBrowser.reset();

  const server = await startEmulator(createLexwareEmulator({ apiKey: API_KEY, rateLimit: false, contactSyncDelayMs: 0 }), 0);
  try {
    const api = (path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    // The customers' contacts exist before the run (linked once, as a user does), unlimited.
    const contacts: { id: string; name: string }[] = [];
    for (let c = 0; c < RUN_CUSTOMERS; c++) {
      const name = `Kunde ${c + 1} Logistik GmbH`;
      const response = await api('/v1/contacts', {
        version: 0,
        roles: { customer: {} },
        company: { name },
        addresses: { billing: [{ street: 'Hafenstraße 12', zip: '20457', city: 'Hamburg', countryCode: 'DE' }] },
      });
      if (!response.ok) throw new Error(`creating contact ${name}: ${response.status} ${await response.text()}`);
      contacts.push({ id: ((await response.json()) as { id: string }).id, name });
    }
    // 1,000 orders over 120 customers (8 or 9 each), one collective invoice per customer.
    const invoices = contacts.map((contact, c) => {
      const count = Math.floor(RUN_ORDERS / RUN_CUSTOMERS) + (c < RUN_ORDERS % RUN_CUSTOMERS ? 1 : 0);
      const customer = { ...nordlicht, id: `C-${c + 1}`, name: contact.name, customerNumber: `C-${c + 1}` };
      const orders = Array.from({ length: count }, (_, i) => makeOrder({ customer, price: { minor: 100_000 + c * 100 + i, currency: 'EUR' } }));
      return { key: `C-${c + 1}|EUR`, draft: makeDraft(orders, { contact }) };
    });
    if (invoices.reduce((n, i) => n + i.draft.positions.length, 0) !== RUN_ORDERS) throw new Error('the orders do not add up');

    await fetch(`${server.url}/__sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimit: { capacity: 2, refillPerSecond: API_RATE * TIME_SCALE } }),
    });
    // Every request the client sends, and every 429 it gets back (it waits and sends again).
    let sent = 0;
    let answered429 = 0;
    const kinds: Record<string, number> = {};
    const calls: { at: number; answeredAt: number; status: number }[] = [];
    const counting: typeof fetch = async (input, init) => {
      sent++;
      const call = { at: performance.now(), answeredAt: 0, status: 0 };
      calls.push(call);
      const url = new URL(input instanceof Request ? input.url : String(input));
      const kind = `${init?.method ?? (input instanceof Request ? input.method : 'GET')} ${url.pathname.replace(/\/[0-9a-f-]{20,}/g, '/:id')}`;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      const response = await fetch(input, init);
      call.answeredAt = performance.now();
      call.status = response.status;
      if (response.status === 429) answered429++;
      return response;
    };
    const provider = createLexwareProvider({
      apiKey: () => API_KEY,
      endpoints: { api: `${server.url}/v1`, app: server.url },
      fetch: counting,
      bucket: new TokenBucket({ capacity: 2, refillPerSecond: CLIENT_RATE * TIME_SCALE }),
      // The client's wait after a 429 (without Retry-After: 500 ms, doubling) on the same time
      // scale: unscaled, one 429 cost five times as many calls as it does at 2/s.
      backoffMs: CLIENT_BACKOFF_MS / TIME_SCALE,
    });
    const journal = new JobJournal();
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const jobs = new InvoiceJobs({
      journal,
      provider: async () => provider,
      writeBack: () => ({ id: 'demo-tms', recordInvoice: async () => (await sleep(5), { ok: true as const, alreadyRecorded: false }) }),
      recordInvoice: async () => undefined,
      notify: (job) => void runs.jobChanged(job),
      now: () => new Date(),
      sleep,
      invoicedOrderIds: async () => new Set(),
      newId: () => crypto.randomUUID(),
      keepAlive: (work) => work(),
      wakeAfter: (ms, wake) => void sleep(ms).then(wake),
    });
    let finished: (() => void) | undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const runs: InstanceType<typeof BillingRuns> = new BillingRuns({
      runs: new RunJournal(),
      journal,
      jobs,
      notify: (run) => {
        if (run.status === 'done' || run.status === 'cancelled') finished?.();
      },
      now: () => new Date(),
      newId: () => crypto.randomUUID(),
    });

    const started = performance.now();
    const run = await runs.start({ origin: TMS_ORIGIN, provider: 'lexware', invoices, setAside: [], allowReinvoice: [] });
    await done;
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    const paceIntervalMs = 1000 / (CLIENT_RATE * TIME_SCALE);
    let gapsAfter429Ms = 0;
    let otherGapsMs = 0;
    calls.forEach((call, i) => {
      if (i === 0) return;
      const beyond = Math.max(0, call.at - calls[i - 1]!.at - paceIntervalMs);
      if (calls.slice(Math.max(0, i - 2), i).some((c) => c.status === 429)) gapsAfter429Ms += beyond;
      else otherGapsMs += beyond;
    });
    const parts = {
      beforeFirstMs: calls.length ? calls[0]!.at - started : 0,
      afterLastMs: calls.length ? ended - Math.max(...calls.map((c) => c.answeredAt)) : 0,
      gapsAfter429Ms,
      otherGapsMs,
      paceIntervalMs,
    };

    const final = (await new RunJournal().get(run.id))!;
    const jobsAfter = await journal.list();
    // The calls the API took (a 429 is refused, not performed) at the API's rate, back to back.
    const idealSeconds = (sent - answered429) / (API_RATE * TIME_SCALE);
    return {
      seconds,
      lexwareRequests: sent,
      answered429,
      idealSeconds,
      ratio: seconds / idealSeconds,
      invoices: final.items.length,
      created: final.items.filter((i) => i.state === 'recorded' || i.state === 'created').length,
      userVisible429: jobsAfter.filter((j) => j.error?.code === 'rate-limited').length,
      requests: kinds,
      parts,
    };
  } finally {
    await server.close();
  }
}

if (process.argv[1]?.endsWith('run-throughput.ts')) {
  measureRunThroughput().then(
    (r) => {
      console.info(JSON.stringify(r, null, 2));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
