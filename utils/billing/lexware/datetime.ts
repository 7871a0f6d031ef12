/**
 * Lexware accepts datetimes only as yyyy-MM-ddTHH:mm:ss.SSSXXX. A calendar day becomes
 * midnight in Germany with that day's offset (+01:00 in winter, +02:00 in summer), so the
 * invoice shows the day the user chose.
 */
import type { IsoDate } from '../../domain/dates';

export function berlinOffset(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // 00:30 UTC is still before the switch (01:00 UTC) on both switch days, so its offset is
  // the one in force at Berlin midnight of that day.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' }).formatToParts(Date.UTC(y, m - 1, d, 0, 30));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name);
  return match ? match[1]! : '+00:00';
}

export function toLexwareDateTime(date: IsoDate): string {
  return `${date}T00:00:00.000${berlinOffset(date)}`;
}

/** The day part of a Lexware datetime, in Berlin (where Lexware's days are). */
export function lexwareDay(datetime: string): IsoDate {
  return datetime.slice(0, 10);
}
