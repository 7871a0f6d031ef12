/**
 * sevdesk is a German service: it reads and prints dates in Europe/Berlin time, and its
 * responses carry the offset ("2026-11-10T00:00:00+01:00"). Invoice and delivery dates are
 * calendar days, so they are kept as such and printed as local midnight.
 */
import { berlinMidnight, berlinWallClock, pad } from '../kit/berlin-time';
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** An instant as Berlin wall-clock time with its offset. */
export function formatInstant(instant: Date): string {
  const c = berlinWallClock(instant);
  return `${c.year}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${c.offset}`;
}

export function calendarDateOf(instant: Date): CalendarDate {
  const { year, month, day } = berlinWallClock(instant);
  return { year, month, day };
}

/** Local midnight of a calendar day as an instant. */
export function midnight(date: CalendarDate): Date {
  return berlinMidnight(date.year, date.month, date.day);
}

export function formatDate(date: CalendarDate): string {
  const instant = midnight(date);
  return `${date.year}-${pad(date.month)}-${pad(date.day)}T00:00:00${berlinWallClock(instant).offset}`;
}

export function germanDate(date: CalendarDate): string {
  return `${pad(date.day)}.${pad(date.month)}.${date.year}`;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function validDate(year: number, month: number, day: number): CalendarDate | null {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth ? { year, month, day } : null;
}

/**
 * The spec says "timestamp or dd.mm.yyyy". Clients also send ISO dates and "Y-m-d H:i:s"
 * (lacodix), which reportedly work, so those are read too. Timestamps are Unix seconds.
 */
export function parseDateInput(value: unknown): CalendarDate | null {
  if (typeof value === 'number') return Number.isInteger(value) ? calendarDateOf(new Date(value * 1000)) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{1,12}$/.test(text)) return calendarDateOf(new Date(Number(text) * 1000));
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!m) return null;
  const date = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!date) return null;
  // A time with an explicit offset names an instant; without one it is Berlin wall-clock time.
  if (m[8]) {
    const instant = new Date(text.replace(' ', 'T'));
    return Number.isNaN(instant.getTime()) ? null : calendarDateOf(instant);
  }
  return date;
}

/** For filters given as Unix seconds (startDate, endDate) or as dates. */
export function parseInstantInput(value: string): Date | null {
  const text = value.trim();
  if (/^\d{1,12}$/.test(text)) return new Date(Number(text) * 1000);
  const date = parseDateInput(text);
  return date ? midnight(date) : null;
}
