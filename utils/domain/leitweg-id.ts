/**
 * The Leitweg-ID: how German public buyers route incoming XRechnungen, sent as the buyer
 * reference (BT-10, BR-DE-15). KoSIT "Formatspezifikation Leitweg-ID" (2.0.2):
 *
 *   Grobadressierung (2–12 digits) [- Feinadressierung (1–30 letters or digits)] - Prüfziffer (2 digits)
 *
 * at most 46 characters. The check digits follow ISO/IEC 7064 MOD 97-10, as in an IBAN:
 * letters count as 10…35 (case does not matter), and the whole ID without hyphens, read as
 * one number, leaves the remainder 1 when divided by 97. A typo almost always breaks the
 * check digits, and a wrong Leitweg-ID sends the invoice to nobody, so we check before saving.
 */
import * as v from 'valibot';

export const LEITWEG_ID_MAX_LENGTH = 46;
const FORMAT = /^(\d{2,12})(?:-([A-Za-z0-9]{1,30}))?-(\d{2})$/;

export type LeitwegIdCheck =
  | { ok: true; value: string }
  | { ok: false; reason: 'empty' | 'format' | 'check-digits'; expectedCheckDigits?: string };

/** Remainder of the digit string (letters already converted) divided by 97, piece by piece. */
function mod97(digits: string): number {
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97;
  return rest;
}

const asDigits = (text: string) => text.toUpperCase().replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));

/** The two check digits for a Leitweg-ID's Grob- and Feinadressierung (without hyphens). */
export function leitwegCheckDigits(addressing: string): string {
  return String(98 - mod97(asDigits(addressing) + '00')).padStart(2, '0');
}

export function checkLeitwegId(input: string | null | undefined): LeitwegIdCheck {
  const value = (input ?? '').trim();
  if (value === '') return { ok: false, reason: 'empty' };
  const match = value.length <= LEITWEG_ID_MAX_LENGTH ? FORMAT.exec(value) : null;
  if (!match) return { ok: false, reason: 'format' };
  const [, coarse, fine = '', digits] = match;
  if (mod97(asDigits(coarse + fine) + digits) !== 1) return { ok: false, reason: 'check-digits', expectedCheckDigits: leitwegCheckDigits(coarse + fine) };
  return { ok: true, value };
}

/** A valid Leitweg-ID, trimmed (for messages and storage). */
export const LeitwegIdSchema = v.pipe(
  v.string(),
  v.trim(),
  v.check((value) => checkLeitwegId(value).ok, 'Not a valid Leitweg-ID (format or check digits)'),
);
