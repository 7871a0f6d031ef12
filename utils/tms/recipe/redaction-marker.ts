/**
 * The mark a redacted test page carries (redact.ts writes it, export and the background's
 * addRecipeTest check it). Its own module so that checking needs none of the redaction code.
 */
export const REDACTED_MARKER = 'frachtbeleg-redacted';

/** Whether a saved page came out of redactPage: the marker is the first thing in its head. */
export const isRedactedHtml = (html: string): boolean => html.slice(0, 10_000).includes(`<meta name="${REDACTED_MARKER}"`);
