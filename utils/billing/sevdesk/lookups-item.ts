/**
 * sevdesk's account-specific ids (units, tax rules, countries…), kept in storage.local and
 * keyed by a hash of the token (never the token itself), so they are read once a day, not
 * per invoice. The item lives with its provider: storage.ts (and so the popup and options
 * bundles) never import sevdesk's schemas. Only the background uses it.
 */
import * as v from 'valibot';
import { defineStoredItem } from '../../storage';
import { SevdeskLookupsSchema, type LookupCache } from './lookups';

export const sevdeskLookupsItem = defineStoredItem('local:sevdeskLookups', v.record(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)), SevdeskLookupsSchema), {
  fallback: {},
  version: 1,
});

/** Keeps only the current account's lookups: a replaced token starts afresh. */
export const storedSevdeskLookups: LookupCache = {
  get: async (key) => (await sevdeskLookupsItem.get())[key],
  set: (key, value) => sevdeskLookupsItem.set({ [key]: value }),
};
