/**
 * The buyer reference last written to each sevdesk contact (ids are unique across sevdesk
 * accounts), so a stored reference goes out once per change, not before every invoice.
 * Only the background uses it.
 */
import * as v from 'valibot';
import { defineStoredItem } from '../../storage';
import type { SevdeskEInvoiceSource } from './e-invoice';

export const sevdeskBuyerReferencesItem = defineStoredItem(
  'local:sevdeskBuyerReferences',
  v.record(v.pipe(v.string(), v.regex(/^\d{1,18}$/)), v.nullable(v.pipe(v.string(), v.maxLength(200)))),
  { fallback: {}, version: 1 },
);

export const storedBuyerReferences: SevdeskEInvoiceSource['written'] = {
  get: async (contactId) => (await sevdeskBuyerReferencesItem.get())[contactId],
  set: async (contactId, value) => {
    await sevdeskBuyerReferencesItem.update((all) => ({ ...all, [contactId]: value }));
  },
};
