/**
 * "Create payment reminder" for an overdue invoice, exactly once. Like the job journal, the
 * intent is written before the POST (a meta row per invoice); a POST whose outcome is unknown
 * (timeout, 5xx, a worker stopped mid-request) is followed by a look in the billing system,
 * never by a second POST. Where that look cannot prove absence (Lexware lists no dunnings),
 * the user is asked to check in the billing system and confirm before another attempt.
 */
import * as v from 'valibot';
import { BillingError } from '../billing/errors';
import type { IsoDate } from '../domain/dates';
import type { InvoiceBook } from './book';
import { intentStore, serialPerKey } from './intent';
import { displayStatus } from './status';
import { InstantSchema, type InvoiceRow, type ReminderLink } from './schema';

export interface ReminderClient {
  createReminder(invoiceId: string, today: IsoDate): Promise<{ id: string; url: string }>;
  findReminder(invoiceId: string): Promise<{ id: string; url: string } | null>;
  /** Whether "none found" proves that no reminder exists (sevdesk lists them by origin; Lexware does not list dunnings). */
  readonly absenceIsProof: boolean;
}

const ReminderIntentSchema = v.object({
  /** `sending`: the POST may be under way or its answer was lost; `unknown`: looked, found none, cannot prove there is none. */
  state: v.picklist(['sending', 'unknown']),
  startedAt: InstantSchema,
});
type ReminderIntent = v.InferOutput<typeof ReminderIntentSchema>;

export const reminderIntentKey = (invoiceKey: string): string => `reminder|${invoiceKey}`;
// An unreadable intent still says "an attempt was made".
const intents = intentStore(ReminderIntentSchema, reminderIntentKey, (): ReminderIntent => ({ state: 'unknown', startedAt: new Date(0).toISOString() }));

export type ReminderOutcome =
  | { ok: true; reminder: ReminderLink; existing: boolean }
  | { ok: false; reason: 'not-in-book' | 'not-overdue' | 'outcome-unknown' }
  | { ok: false; reason: 'billing'; error: BillingError; performed: 'no' | 'unknown' };

/** One attempt at a time per invoice in this worker (a double click, the popup and the book page together). */
const serial = serialPerKey();

export interface ReminderOptions {
  now: () => Date;
  /** The user looked in the billing system after an unknown outcome and found no reminder there. */
  confirmedMissing?: boolean;
}

export function createPaymentReminder(book: InvoiceBook, client: ReminderClient, invoiceKey: string, options: ReminderOptions): Promise<ReminderOutcome> {
  return serial(invoiceKey, () => attempt(book, client, invoiceKey, options));
}

async function attempt(book: InvoiceBook, client: ReminderClient, invoiceKey: string, options: ReminderOptions): Promise<ReminderOutcome> {
  const row = await book.get(invoiceKey);
  if (!row) return { ok: false, reason: 'not-in-book' };
  if (row.reminder) return { ok: true, reminder: row.reminder, existing: true };

  const intent = await intents.read(book, invoiceKey);
  if (intent && !options.confirmedMissing) {
    // An earlier attempt may have made it: look before anything else.
    const found = await lookUp(book, client, row, options);
    if (found) return found;
    if (!client.absenceIsProof) {
      await intents.write(book, invoiceKey, { ...intent, state: 'unknown' });
      return { ok: false, reason: 'outcome-unknown' };
    }
    await intents.clear(book, invoiceKey);
  }

  const today = options.now().toISOString().slice(0, 10);
  if (displayStatus(row, today) !== 'overdue') return { ok: false, reason: 'not-overdue' };

  await intents.write(book, invoiceKey, { state: 'sending', startedAt: options.now().toISOString() });
  let created: { id: string; url: string };
  try {
    created = await client.createReminder(row.invoiceId, today);
  } catch (error) {
    const billing = error instanceof BillingError ? error : undefined;
    if (billing && billing.outcome === 'not-performed') {
      await intents.clear(book, invoiceKey);
      return { ok: false, reason: 'billing', error: billing, performed: 'no' };
    }
    // The billing system may have made it: look, never send again blindly.
    const found = await lookUp(book, client, row, options).catch(() => null);
    if (found) return found;
    if (client.absenceIsProof) {
      await intents.clear(book, invoiceKey);
      return { ok: false, reason: 'billing', error: billing ?? new BillingError('network', String(error)), performed: 'no' };
    }
    await intents.write(book, invoiceKey, { state: 'unknown', startedAt: options.now().toISOString() }).catch(() => undefined);
    return { ok: false, reason: 'outcome-unknown' };
  }
  return record(book, row, created, options);
}

async function lookUp(book: InvoiceBook, client: ReminderClient, row: InvoiceRow, options: ReminderOptions): Promise<ReminderOutcome | null> {
  const found = await client.findReminder(row.invoiceId);
  return found ? record(book, row, found, options) : null;
}

/** The link goes onto the invoice first, then the intent goes: a crash in between still finds the link. */
async function record(book: InvoiceBook, row: InvoiceRow, created: { id: string; url: string }, options: ReminderOptions): Promise<ReminderOutcome> {
  const reminder: ReminderLink = { id: created.id, url: created.url, createdAt: options.now().toISOString() };
  await book.setReminder(row.key, reminder);
  await intents.clear(book, row.key);
  return { ok: true, reminder, existing: false };
}


/** Whether an earlier attempt's outcome is still open (the UI offers "I checked: create it again"). */
export async function reminderOutcomeUnknown(book: InvoiceBook, invoiceKey: string): Promise<boolean> {
  return (await intents.read(book, invoiceKey)) !== null;
}
