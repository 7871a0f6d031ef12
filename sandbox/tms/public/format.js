/**
 * German number and date formats, the way a German TMS shows them. Units are separated by a
 * no-break space (U+00A0), as Intl does for "1.250,00 €".
 */
const NBSP = '\u00a0';

export const STATUS_LABELS = {
  open: 'Open',
  planned: 'Planned',
  in_transit: 'In transit',
  delivered: 'Delivered',
  invoice_created: 'Invoice created',
  paid: 'Paid',
  cancelled: 'Cancelled',
};

export const statusLabel = (status) => STATUS_LABELS[status] ?? status;

/** "1234.5" → "1.234,50", from the decimal string itself: no float rounding on money. */
export function formatAmount(amount) {
  const [whole = '0', fraction = ''] = String(amount).split('.');
  const negative = whole.startsWith('-');
  const digits = (negative ? whole.slice(1) : whole).replace(/^0+(?=\d)/, '');
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped},${fraction.padEnd(2, '0').slice(0, 2)}`;
}

/** EUR as "1.250,00 €"; other currencies with the ISO code in front: "CHF 980,50". */
export function formatMoney(price) {
  const amount = formatAmount(price.amount);
  return price.currency === 'EUR' ? `${amount}${NBSP}€` : `${price.currency}${NBSP}${amount}`;
}

/** "2026-11-12" → "12.11.2026" */
export function formatDate(isoDate) {
  const [year, month, day] = String(isoDate).split('-');
  return day && month && year ? `${day}.${month}.${year}` : String(isoDate);
}

// Event times are shown in German time, whatever the browser's zone, like the office sees them.
const dateTime = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "2026-11-11T16:02:00Z" → "11.11.2026, 17:02" */
export const formatDateTime = (iso) => dateTime.format(new Date(iso));

const integer = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });

export const formatWeight = (kg) => `${integer.format(kg)}${NBSP}kg`;
export const formatLoadingMeters = (ldm) => `${decimal.format(ldm)}${NBSP}ldm`;
export const formatPallets = (n) => `${integer.format(n)}${NBSP}Pal.`;

const regions = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;

export function countryName(code) {
  try {
    return regions?.of(code) ?? code;
  } catch {
    return code;
  }
}

export const pluralize = (n, one, many) => `${integer.format(n)} ${n === 1 ? one : many}`;
