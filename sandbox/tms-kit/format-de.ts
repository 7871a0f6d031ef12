/** German display formats the Legacy and Frames TMSs print ("1.250,00 €", "Mi, 12.11.2026"). */
import type { OrderStatus } from '../tms/seed';

const WEEKDAYS = ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'];

/** "1250.00" EUR → "1.250,00 €"; other currencies keep their code: "980,00 CHF". */
export function moneyDe(amount: string, currency: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${grouped},${fraction.padEnd(2, '0')} ${currency === 'EUR' ? '€' : currency}`;
}

/** "2026-11-12" → "Do, 12.11.2026". */
export function dateDe(iso: string): string {
  const [y, m, d] = iso.split('-');
  const weekday = WEEKDAYS[new Date(`${iso}T12:00:00Z`).getUTCDay()] ?? '';
  return `${weekday}, ${d}.${m}.${y}`;
}

/** A decimal with a comma and `digits` places. */
export function decimalDe(value: number, digits: number): string {
  return value.toFixed(digits).replace('.', ',');
}

/** 12400 kg → "12,4 t". */
/** Tonnes as German pages print them; a weight the dispatcher typed as text is shown as typed. */
export const tonnesDe = (kg: number | string) => (typeof kg === 'string' ? kg : `${decimalDe(kg / 1000, 1)} t`);
/** 13.6 → "13,6 LDM". */
export const loadingMetersDe = (m: number) => `${decimalDe(m, 1)} LDM`;
/** ("DE", "28195") → "DE-28195". */
export const postcodeDe = (countryCode: string, zip: string) => `${countryCode}-${zip}`;

export const STATUS_DE: Record<OrderStatus, string> = {
  open: 'Offen',
  planned: 'Disponiert',
  in_transit: 'Unterwegs',
  delivered: 'Zugestellt',
  invoice_created: 'Berechnet',
  paid: 'Bezahlt',
  cancelled: 'Storniert',
};
