import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  applyJobProgress,
  BillingRunSchema,
  cancelRun,
  markStarted,
  nextToStart,
  pauseRun,
  resumeRun,
  retryFailed,
  runProgress,
  runReportCsv,
  type BillingRun,
  type ReportWords,
} from './billing-run';

const T0 = '2026-12-01T08:00:00.000Z';
const item = (n: number) => ({
  key: `k${n}`,
  customerName: `Kunde ${n}`,
  currency: 'EUR',
  orderIds: [`o${n}a`, `o${n}b`],
  orderNumbers: [`A-${n}1`, `A-${n}2`],
  netMinor: 1000 * n,
  state: 'queued' as const,
});
const run = (n = 3): BillingRun => ({
  id: 'run-1',
  provider: 'lexware',
  origin: 'http://127.0.0.1:4410',
  source: 'manual',
  createdAt: T0,
  updatedAt: T0,
  status: 'running',
  items: Array.from({ length: n }, (_, i) => item(i + 1)),
  setAside: [{ id: 'o9', number: 'A-99', reason: 'customer-not-linked' }],
});

const invoice = (id: string) => ({ id, number: `RE-${id}`, url: `https://app.lexware.de/permalink/invoices/view/${id}`, grossMinor: 1190 });

describe('a billing run', () => {
  it('keeps a customer name as long as an order may carry (the odd-data fixture has 330 characters)', () => {
    const long = { ...run(1), items: [{ ...item(0), customerName: 'Internationale Spedition '.repeat(14) }] };
    expect(v.is(BillingRunSchema, long)).toBe(true);
  });

  it('starts one invoice at a time, in plan order, and only while running', () => {
    let r = run();
    expect(nextToStart(r).map((i) => i.key)).toEqual(['k1']);
    r = markStarted(r, 'k1', 'job-1', T0);
    expect(nextToStart(r)).toEqual([]);
    expect(nextToStart(r, 2).map((i) => i.key)).toEqual(['k2']);
    expect(nextToStart(pauseRun(r, T0), 2)).toEqual([]);
  });

  it('starts the next invoice while one invoice’s unknown outcome is being checked, but waits for it to settle', () => {
    let r = run(2);
    r = markStarted(r, 'k1', 'job-1', T0);
    r = applyJobProgress(r, 'job-1', { state: 'checking' }, T0);
    expect(nextToStart(r).map((i) => i.key)).toEqual(['k2']);
    r = markStarted(r, 'k2', 'job-2', T0);
    r = applyJobProgress(r, 'job-2', { state: 'done', invoice: { id: 'i2', number: 'RE2', url: 'u' } }, T0);
    expect(r.status).toBe('running');
    expect(runProgress(r).left).toBe(1);
  });

  it('follows its invoice jobs to the end: recording on the TMS while orders wait for their invoice, done when every invoice is settled', () => {
    let r = run(2);
    r = markStarted(r, 'k1', 'job-1', T0);
    r = applyJobProgress(r, 'job-1', { state: 'invoice-created', invoice: invoice('i1'), writeBack: [{ orderId: 'o1a', state: 'pending' }, { orderId: 'o1b', state: 'done' }] }, T0);
    expect(runProgress(r)).toMatchObject({ left: 1, created: 1, ordersRecorded: 1, ordersWaitingForWriteBack: 1 });
    r = markStarted(r, 'k2', 'job-2', T0);
    r = applyJobProgress(r, 'job-2', { state: 'done', invoice: invoice('i2'), writeBack: [] }, '2026-12-01T08:00:05.000Z');
    // Nothing is left to create, but the write-back of the first one still runs.
    expect(r.status).toBe('recording');
    expect(r.finishedAt).toBeUndefined();
    expect(nextToStart(r)).toEqual([]);
    expect(runProgress(r)).toEqual({ total: 2, left: 0, created: 2, failed: 0, attention: 0, ordersRecorded: 3, ordersWaitingForWriteBack: 1 });
    expect(v.safeParse(BillingRunSchema, r).success).toBe(true);
    r = applyJobProgress(r, 'job-1', { state: 'done', invoice: invoice('i1'), writeBack: [{ orderId: 'o1a', state: 'done' }, { orderId: 'o1b', state: 'done' }] }, '2026-12-01T08:00:06.000Z');
    expect(r.status).toBe('done');
    expect(r.finishedAt).toBe('2026-12-01T08:00:06.000Z');
    expect(runProgress(r)).toMatchObject({ ordersRecorded: 4, ordersWaitingForWriteBack: 0 });
  });

  it('an invoice that cannot be recorded on its orders ends the recording (it needs attention), so the run is done', () => {
    let r = run(1);
    r = markStarted(r, 'k1', 'job-1', T0);
    r = applyJobProgress(r, 'job-1', { state: 'invoice-created', invoice: invoice('i1'), writeBack: [{ orderId: 'o1a', state: 'pending' }] }, T0);
    expect(r.status).toBe('recording');
    r = applyJobProgress(r, 'job-1', { state: 'needs-attention', invoice: invoice('i1'), writeBack: [{ orderId: 'o1a', state: 'failed' }] }, T0);
    expect(r.status).toBe('done');
  });

  it('a failed invoice fails alone with its message; "Retry failed" queues it again', () => {
    let r = run(2);
    r = markStarted(r, 'k1', 'job-1', T0);
    r = applyJobProgress(r, 'job-1', { state: 'failed', error: { code: 'contact-deleted', message: 'Der Kontakt wurde in Lexware Office gelöscht.' } }, T0);
    expect(r.items[0]).toMatchObject({ state: 'failed', error: { code: 'contact-deleted' } });
    expect(nextToStart(r).map((i) => i.key)).toEqual(['k2']);
    r = markStarted(r, 'k2', 'job-2', T0);
    r = applyJobProgress(r, 'job-2', { state: 'done', invoice: invoice('i2') }, T0);
    expect(r.status).toBe('done');
    expect(runProgress(r).failed).toBe(1);
    r = retryFailed(r, T0);
    expect(r.status).toBe('running');
    expect(r.finishedAt).toBeUndefined();
    expect(r.items[0]).toMatchObject({ state: 'queued', retries: 1 });
    expect(r.items[0]!.jobId).toBeUndefined();
    expect(r.items[0]!.error).toBeUndefined();
  });

  it('an unknown outcome is checked, and the run keeps going with the others meanwhile', () => {
    let r = run(2);
    r = markStarted(r, 'k1', 'job-1', T0);
    r = applyJobProgress(r, 'job-1', { state: 'checking' }, T0);
    expect(r.items[0]!.state).toBe('checking');
    expect(nextToStart(r, 2).map((i) => i.key)).toEqual(['k2']);
  });

  it('pause and resume', () => {
    const paused = pauseRun(run(), T0);
    expect(paused.status).toBe('paused');
    expect(resumeRun(paused, T0).status).toBe('running');
    // Nothing was in flight: cancelled at once, and a pause can't revive it.
    expect(pauseRun(cancelRun(run(), T0), T0).status).toBe('cancelled');
  });

  it('cancel finishes the invoice in flight and leaves the rest untouched', () => {
    let r = markStarted(run(3), 'k1', 'job-1', T0);
    r = cancelRun(r, T0);
    expect(r.status).toBe('cancelling');
    expect(r.items.map((i) => i.state)).toEqual(['creating', 'not-started', 'not-started']);
    expect(nextToStart(r)).toEqual([]);
    r = applyJobProgress(r, 'job-1', { state: 'done', invoice: invoice('i1') }, '2026-12-01T08:01:00.000Z');
    expect(r.status).toBe('cancelled');
    expect(r.finishedAt).toBe('2026-12-01T08:01:00.000Z');
  });

  it('writes its report as a CSV a German spreadsheet opens, quoting what needs it', () => {
    let r = run(2);
    r.items[0]!.customerName = 'Müller; "Die Spedition"\nGmbH';
    r.items[1]!.customerName = '=HYPERLINK("x")';
    r = markStarted(r, 'k1', 'job-1', T0);
    r = applyJobProgress(r, 'job-1', { state: 'done', invoice: invoice('i1') }, T0);
    const words: ReportWords = {
      headers: ['Status', 'Kunde', 'Währung', 'Aufträge', 'Netto', 'Brutto', 'Rechnung', 'Link', 'Hinweis'],
      states: { queued: 'Wartet', creating: 'Wird erstellt', checking: 'Wird geprüft', created: 'Erstellt', recorded: 'Erstellt und vermerkt', failed: 'Fehlgeschlagen', 'needs-attention': 'Braucht Sie', 'not-started': 'Nicht gestartet' },
      setAside: 'Nicht in diesem Lauf',
      formatMoney: (minor) => `${(minor / 100).toFixed(2).replace('.', ',')} €`,
    };
    const csv = runReportCsv(r, words);
    expect(csv.startsWith('\uFEFFStatus;Kunde;')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('Erstellt und vermerkt;"Müller; ""Die Spedition""\nGmbH";EUR;A-11, A-12;10,00 €;11,90 €;RE-i1;https://app.lexware.de/permalink/invoices/view/i1;');
    expect(lines[2]).toBe(`Wartet;"'=HYPERLINK(""x"")";EUR;A-21, A-22;20,00 €;;;;`);
    expect(lines[3]).toBe('Nicht in diesem Lauf;;;A-99;;;;;customer-not-linked');
  });

  it('refuses a damaged record instead of guessing', () => {
    expect(v.safeParse(BillingRunSchema, { ...run(), status: 'exploded' }).success).toBe(false);
    expect(v.safeParse(BillingRunSchema, { ...run(), items: [{ ...item(1), netMinor: 1.5 }] }).success).toBe(false);
  });
});
