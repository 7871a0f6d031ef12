/**
 * A value of the builder's live preview as the invoice preview shows it: money with its
 * currency, dates, weights and loading metres in the user's notation, countries by name,
 * statuses in the user's words. The preview proves the recipe reads the right thing; a raw
 * "125000" or "2026-12-05" would leave the user to check the parsing in their head.
 */
import { formatMoney, type Money } from '@/utils/domain/money';
import { formatDate, isIsoDate, type IsoDate } from '@/utils/domain/dates';
import { numberFormat } from '@/utils/domain/intl-cache';
import { regionName } from '@/composables/panel-text';

export type PreviewCellLike = { ok: boolean; text: string; value?: unknown; problem?: string };

const isMoney = (value: unknown): value is Money => typeof value === 'object' && value !== null && 'minor' in value && 'currency' in value;

/**
 * `field`: the order field (`price`, `load.weightKg`, `customer.countryCode`, `stops.date`,
 * or a list column: `price`, `status`); `intl`: the user's Intl locale; `statusName`: a
 * status in the user's words.
 */
export function previewValueText(field: string, value: unknown, intl: string, statusName: (status: string) => string): string {
  if (isMoney(value)) return formatMoney(value, intl);
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : null;
  if (field === 'load.weightKg' && number !== null) return `${numberFormat(intl, { maximumFractionDigits: 0 }).format(number)} kg`;
  if (field === 'load.loadingMeters' && number !== null) return `${numberFormat(intl, { maximumFractionDigits: 2 }).format(number)} ldm`;
  if (field === 'load.pallets' && number !== null) return numberFormat(intl, { maximumFractionDigits: 0 }).format(number);
  if (typeof value !== 'string') return String(value);
  if ((field === 'date' || field.endsWith('.date')) && isIsoDate(value)) return formatDate(value as IsoDate, intl);
  if ((field === 'countryCode' || field.endsWith('.countryCode')) && /^[A-Z]{2}$/.test(value)) return `${regionName(value, intl)} (${value})`;
  if (field === 'status') return statusName(value);
  return value;
}

/** A preview cell's line: the value as shown, or what the page had and why it can't be read. */
export function previewCellText(field: string, cell: PreviewCellLike, intl: string, statusName: (status: string) => string): string {
  if (!cell.ok) return `${cell.text || '—'} ✗ ${cell.problem ?? ''}`.trim();
  return previewValueText(field, cell.value, intl, statusName);
}
