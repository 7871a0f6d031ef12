/** German number and date formatting for the web pages and documents, exact (no float rounding). */
import { formatUnits, parseDecimal, toUnits } from './decimal';

function groupThousands(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** `1250.5` → `1.250,50 €` */
export function formatEuro(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '–';
  const cents = toUnits(parseDecimal(String(amount)) ?? { units: 0n, scale: 0 }, 2);
  const text = formatUnits(cents, 2);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = '00'] = (negative ? text.slice(1) : text).split('.');
  return `${negative ? '−' : ''}${groupThousands(whole)},${fraction} €`;
}

/** `2.5` → `2,5`, `1000` → `1.000`; as many decimals as the value has (up to 4). */
export function formatNumber(value: number | undefined): string {
  if (value === undefined) return '';
  const text = formatUnits(toUnits(parseDecimal(String(value)) ?? { units: 0n, scale: 0 }, 4), 4).replace(/\.?0+$/, '');
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = (negative ? text.slice(1) : text).split('.');
  return `${negative ? '−' : ''}${groupThousands(whole)}${fraction ? `,${fraction}` : ''}`;
}

/** A Lexware datetime (already in Berlin time) as `10.11.2026`. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '–';
  const [y, m, d] = value.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}
