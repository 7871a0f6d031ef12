/**
 * Europe/Berlin wall-clock time, which both billing emulators speak: Lexware Office and sevdesk
 * are German services that print instants with Berlin's offset and compare calendar days there.
 */
export interface BerlinWallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** "+01:00" or "+02:00". */
  offset: string;
}

const format = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'longOffset',
});

export const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function berlinWallClock(instant: Date): BerlinWallClock {
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(instant)) parts[p.type] = p.value;
  // "GMT+01:00", or plain "GMT" for a zero offset.
  const zone = /GMT([+-]\d{2}):?(\d{2})?/.exec(parts.timeZoneName ?? '');
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    offset: zone ? `${zone[1]}:${zone[2] ?? '00'}` : '+00:00',
  };
}

/** `yyyy-MM-dd` of the Berlin calendar day an instant falls on. */
export function berlinDay(instant: Date): string {
  const c = berlinWallClock(instant);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/** Midnight in Berlin of a calendar day, as an instant (aware of summer time). */
export function berlinMidnight(year: number, month: number, day: number): Date {
  // Berlin switches to and from summer time at 01:00 UTC, so at 00:00 UTC the offset is still
  // the one that was in force at local midnight.
  const utcMidnight = Date.UTC(year, month - 1, day);
  const offset = berlinWallClock(new Date(utcMidnight)).offset;
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h = '0', m = '0'] = offset.slice(1).split(':');
  return new Date(utcMidnight - sign * (Number(h) * 60 + Number(m)) * 60_000);
}
