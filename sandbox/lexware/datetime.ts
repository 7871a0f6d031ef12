/**
 * Lexware's date handling: the one datetime pattern it accepts (`yyyy-MM-ddTHH:mm:ss.SSSXXX`),
 * the plain dates of the voucherlist filters, and output in the account's time zone
 * (Europe/Berlin), which is how the real API renders every datetime it returns.
 */
import { berlinDay, berlinMidnight as midnightOf, berlinWallClock, pad } from '../kit/berlin-time';

// Exactly three millisecond digits and a `Z` or `±hh:mm` offset: Lexware rejects everything else.
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})(?:Z|([+-])(\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const DATETIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): number {
  const d = new Date(Date.UTC(2000, month - 1, day, h, m, s, ms));
  // Date.UTC maps years 0–99 to 1900–1999; setting the year afterwards keeps it literal.
  d.setUTCFullYear(year);
  return d.getTime();
}

/** Parses a Lexware datetime; undefined when it does not match the pattern or is no real instant. */
export function parseLexwareDateTime(value: string): Date | undefined {
  const m = DATETIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second, millis] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 18 || om > 59) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return new Date(utc(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000);
}

/** Parses `yyyy-MM-dd` (voucherlist filters); undefined when malformed or not a calendar day. */
export function parsePlainDate(value: string): string | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) ? value : undefined;
}

/** Renders an instant as Lexware does: Berlin wall time with its offset, e.g. `2026-11-10T09:30:00.000+01:00`. */
export function formatLexwareDateTime(date: Date): string {
  const c = berlinWallClock(date);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}.${pad(date.getUTCMilliseconds(), 3)}${c.offset}`;
}

/** The Berlin calendar day of an instant, `yyyy-MM-dd`: the day the voucherlist filters compare. */
export const berlinDate = berlinDay;

/** Midnight in Berlin of a calendar day `yyyy-MM-dd`. */
export function berlinMidnight(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return midnightOf(y, m, d);
}

/** Adds whole calendar days to a `yyyy-MM-dd` day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(utc(y, m, d) + days * 86_400_000);
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}
