/**
 * The builder's drafts while the user teaches a TMS, one per tab, in session storage: they
 * outlive a page change (list → detail page) and a stopped service worker, and go with the
 * browser session. Only the background reads and writes them; each is validated on read.
 */
import * as v from 'valibot';
import { defineStoredItem } from '../../../storage';
import { BuilderDraftSchema } from './draft';

export const buildersItem = defineStoredItem('session:builders', v.record(v.pipe(v.string(), v.regex(/^\d{1,12}$/)), BuilderDraftSchema), { fallback: {}, version: 1 });

/** The builder's content script, injected only into a tab where the user teaches. */
export const BUILDER_SCRIPT = 'content-scripts/recipe-builder.js';
