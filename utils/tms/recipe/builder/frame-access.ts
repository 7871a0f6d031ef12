/**
 * A builder waiting for a second origin: the user followed an order into the list page's frame
 * on an origin the extension may not enter yet. Kept per tab in session storage until the user
 * grants it from the popup (the one place with a click that may ask the browser) or the builder
 * closes. Only the background reads and writes it; validated on read.
 */
import * as v from 'valibot';
import { defineStoredItem } from '../../../storage';

const Origin = v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//), v.maxLength(200));

export const frameAccessItem = defineStoredItem('session:builderFrameAccess', v.record(v.pipe(v.string(), v.regex(/^\d{1,12}$/)), Origin), { fallback: {}, version: 1 });
