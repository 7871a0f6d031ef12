/** Number and date formats the export files use (German conventions, no locale lookup). */
import { formatScaled, minorDigits } from '../../domain/money';
import type { IsoDate } from '../../domain/dates';

/** 123456 EUR → "1234,56": decimal comma, no thousands separator, sign in front. */
export function decimalComma(minor: number, currency: string): string {
  return formatScaled(minor, minorDigits(currency)).replace('.', ',');
}

/** "2026-11-10" → "10.11.2026". */
export function germanDate(date: IsoDate): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/** "2026-11-10" → "1011" (DATEV Belegdatum; the year comes from the header). */
export const ddmm = (date: IsoDate): string => `${date.slice(8, 10)}${date.slice(5, 7)}`;

/** "2026-11-10" → "10112026" (DATEV Leistungsdatum, Fälligkeit). */
export const ddmmyyyy = (date: IsoDate): string => `${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(0, 4)}`;

/** "2026-11-10" → "20261110". */
export const yyyymmdd = (date: IsoDate): string => date.replaceAll('-', '');

const berlinParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Wall-clock time in Germany, where the accountant reads the file: { date: "2026-12-05", time: "10:00:00" }. */
export function berlinClock(instant: Date): { date: IsoDate; time: string; millis: string } {
  const p: Record<string, string> = {};
  for (const part of berlinParts.formatToParts(instant)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}`, millis: String(instant.getUTCMilliseconds()).padStart(3, '0') };
}
