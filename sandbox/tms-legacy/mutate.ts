/**
 * Altmann's mutation mode: the same orders with churned class names, the data columns in
 * another order, extra wrapper divs, an extra column ("Fahrzeug") and renamed ids.
 */
import { type Mutation } from '../tms-kit/mutation';

export { MutationSwitch, createMutation, NO_MUTATION, type Mutation } from '../tms-kit/mutation';

export interface LegacyColumn {
  key: string;
  header: string;
}

/** The list's data columns in the unmutated order (the checkbox column always comes first). */
export const LIST_COLUMNS: readonly LegacyColumn[] = [
  { key: 'auftrag', header: 'Auftrag' },
  { key: 'kunde', header: 'Kunde' },
  { key: 'abholung', header: 'Abholung' },
  { key: 'zustellung', header: 'Zustellung' },
  { key: 'gewicht', header: 'Gewicht' },
  { key: 'lademeter', header: 'Lademeter' },
  { key: 'betrag', header: 'Betrag' },
  { key: 'status', header: 'Status' },
  { key: 'rechnung', header: 'Rechnungs-Nr.' },
];

export const EXTRA_COLUMN: LegacyColumn = { key: 'fahrzeug', header: 'Fahrzeug' };

/** The columns a page shows under a mutation: permuted, with the extra one inserted. */
export function listColumns(mutation: Mutation): LegacyColumn[] {
  const cols = mutation.permute(LIST_COLUMNS);
  if (mutation.extraColumn) cols.splice(Math.min(2, cols.length), 0, EXTRA_COLUMN);
  return cols;
}
