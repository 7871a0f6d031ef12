/**
 * sevdesk takes dates "as timestamp or dd.mm.yyyy" and answers them as Berlin datetimes
 * ("2026-11-10T00:00:00+01:00"). Invoice and service dates are calendar days, so they go
 * out as dd.mm.yyyy where the spec types a string, and as the Unix time of Berlin midnight
 * where it types an integer (`deliveryDateUntil`): that is how sevdesk itself represents a
 * day, so the day survives whichever way the server reads the number.
 */
import type { IsoDate } from '../../domain/dates';

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' });
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** "2026-11-23" → "23.11.2026". */
export function sevdeskDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/** Offset of Berlin from UTC in minutes on that day, at local midnight. */
function berlinOffsetMinutes(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // 00:30 UTC is before both daylight-saving switches (01:00 UTC), so it has midnight's offset.
  const name = offsetFormat.formatToParts(Date.UTC(y, m - 1, d, 0, 30)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Unix seconds of midnight in Berlin on that day. */
export function berlinMidnightSeconds(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 1000 - berlinOffsetMinutes(date) * 60;
}

/**
 * The calendar day of a date as sevdesk answers it: an ISO datetime (its own local day,
 * which is Berlin's), dd.mm.yyyy, or Unix seconds. null when it is none of these.
 */
export function sevdeskDay(value: string): IsoDate | null {
  const text = value.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ]|$)/.exec(text);
  if (iso) return iso[1]!;
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (german) return `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}`;
  if (/^\d{1,12}$/.test(text)) return dayFormat.format(Number(text) * 1000);
  return null;
}

/** An instant as sevdesk answers it (ISO with offset, or Unix seconds), in ms; null if unreadable. */
export function sevdeskInstant(value: string): number | null {
  const text = value.trim();
  if (/^\d{1,12}$/.test(text)) return Number(text) * 1000;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : ms;
}
