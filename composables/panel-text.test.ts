import { describe, expect, it } from 'vitest';
import { errorDetails, errorText, hasDetails, problemText } from './panel-text';
import { createTranslator } from '@/utils/i18n/translate';

const en = createTranslator('en');
const de = createTranslator('de');

describe('errorText', () => {
  it('names the billing system and the fields it refused, each once', () => {
    const error = { code: 'validation', message: '…', fields: [{ field: 'a', key: 'taxRate' }, { field: 'b', key: 'taxRate' }, { field: 'c', key: 'voucherDate' }] };
    expect(errorText(en, error, 'sevdesk')).toBe('sevdesk refused the invoice data: the VAT rate, the invoice date. Correct it in the preview and try again.');
  });

  it('says "a field" when the billing system did not say which', () => {
    expect(errorText(en, { code: 'validation', message: '…' }, 'lexware')).toBe('Lexware Office refused the invoice data: a field. Correct it in the preview and try again.');
  });

  it('shows an unknown code as a plain unexpected error; its message only goes into the details', () => {
    expect(errorText(en, { code: 'teapot', message: 'I am a teapot' }, 'lexware')).toBe('Something unexpected went wrong. Nothing was lost or sent twice; please try again.');
    expect(hasDetails({ code: 'teapot', message: 'I am a teapot' })).toBe(true);
    expect(errorDetails({ code: 'teapot', message: 'I am a teapot', status: 418 })).toMatch(/^Frachtbeleg teapot \(HTTP 418\)\nI am a teapot\n/);
  });

  it('never shows the browser\'s words when the background did not answer', () => {
    const failure = { code: 'background-unavailable', message: 'A listener indicated an asynchronous response by returning true, but the message channel closed' };
    expect(errorText(en, failure, 'lexware')).toBe('Frachtbeleg did not answer just now. Nothing was lost or sent twice; please try again in a moment.');
    expect(errorText(de, failure, 'lexware')).not.toMatch(/listener|channel/);
  });

  it('lists the orders already invoiced, in German too', () => {
    expect(errorText(de, { code: 'already-invoiced', message: '', orderNumbers: ['A-1', 'A-2'] }, 'lexware')).toBe(
      'Inzwischen bereits abgerechnet: A-1, A-2. Schließen Sie die Vorschau und öffnen Sie sie erneut.',
    );
  });
});

describe('problemText', () => {
  it('translates the reason an order could not be read', () => {
    expect(problemText(en, { code: 'read-failed', severity: 'blocking', orderId: 'o-1', params: { orderNumber: 'A-1', reason: 'session-expired' } }, 'lexware')).toBe(
      'Order A-1: your TMS session expired, reload the page and sign in.',
    );
  });

  it('uses the billing system\'s name, not its id, and the customer\'s name', () => {
    expect(problemText(en, { code: 'no-contact', severity: 'blocking', params: { provider: 'sevdesk' } }, 'sevdesk', 'Alpen AG')).toBe('Link Alpen AG to a sevdesk contact below.');
  });

  it('names a country by its name when the locale is given, else by its code', () => {
    const problem = { code: 'vat-id-invalid', severity: 'blocking', params: { country: 'AT', vatId: 'ATU1' } } as const;
    expect(problemText(en, problem, 'lexware', '', 'en-GB')).toBe('The VAT ID "ATU1" is not valid for Austria: reverse charge needs a valid VAT ID. Correct it in the TMS.');
    expect(problemText(de, problem, 'lexware', '', 'de-DE')).toContain('Österreich');
    expect(problemText(en, problem, 'lexware')).toContain('valid for AT:');
  });

  it('translates field names', () => {
    expect(problemText(en, { code: 'date-invalid', severity: 'blocking', params: { field: 'serviceEnd' } }, 'lexware')).toBe('The service end is not a valid date.');
  });
});
