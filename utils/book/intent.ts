/**
 * A POST to a billing system whose outcome must be known before it is sent again (a payment
 * reminder, a correction): the intent is written to the book's `meta` table before the
 * request and cleared once its result is recorded. What is left over after a stopped worker
 * or a lost answer says "look first".
 */
import * as v from 'valibot';
import type { InvoiceBook } from './book';

export interface IntentStore<T> {
  read(book: InvoiceBook, invoiceKey: string): Promise<T | null>;
  write(book: InvoiceBook, invoiceKey: string, intent: T): Promise<void>;
  clear(book: InvoiceBook, invoiceKey: string): Promise<void>;
}

/**
 * @param keyOf the `meta` key of an invoice's intent
 * @param unreadable what an intent that no longer parses stands for: still "an attempt was made"
 */
export function intentStore<S extends v.GenericSchema>(schema: S, keyOf: (invoiceKey: string) => string, unreadable: () => v.InferOutput<S>): IntentStore<v.InferOutput<S>> {
  return {
    async read(book, invoiceKey) {
      const stored = await book.db.meta.get(keyOf(invoiceKey));
      if (!stored) return null;
      const parsed = v.safeParse(schema, stored.value);
      return parsed.success ? parsed.output : unreadable();
    },
    async write(book, invoiceKey, intent) {
      await book.db.meta.put({ key: keyOf(invoiceKey), value: v.parse(schema, intent) });
    },
    async clear(book, invoiceKey) {
      await book.db.meta.delete(keyOf(invoiceKey));
    },
  };
}

/**
 * One attempt at a time per key in this worker (a double click, two pages of the extension):
 * each caller's own chain of promises, so a reminder never waits for a correction.
 */
export function serialPerKey(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const chains = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const next = (chains.get(key) ?? Promise.resolve()).then(work, work);
    const settled = next.catch(() => undefined);
    chains.set(key, settled);
    void settled.then(() => {
      if (chains.get(key) === settled) chains.delete(key);
    });
    return next;
  };
}
