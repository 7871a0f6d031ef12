/**
 * Kombi's mutation mode: list columns permuted with an extra "Fahrer" column, detail rows
 * permuted with an extra row, churned class names, wrapper divs and renamed ids.
 */
import type { Mutation } from '../tms-kit/mutation';

export { MutationSwitch, setMutation, NO_MUTATION, createMutation, type Mutation } from '../tms-kit/mutation';

export interface KombiColumn {
  key: string;
  header: string;
}

export const KOMBI_COLUMNS: readonly KombiColumn[] = [
  { key: 'nummer', header: 'Auftragsnr.' },
  { key: 'auftraggeber', header: 'Auftraggeber' },
  { key: 'von', header: 'Von' },
  { key: 'nach', header: 'Nach' },
  { key: 'liefertermin', header: 'Liefertermin' },
  { key: 'fracht', header: 'Fracht' },
  { key: 'status', header: 'Status' },
];

export const KOMBI_EXTRA_COLUMN: KombiColumn = { key: 'fahrer', header: 'Fahrer' };

export function kombiColumns(m: Mutation): KombiColumn[] {
  const cols = m.permute(KOMBI_COLUMNS);
  if (m.extraColumn) cols.splice(1, 0, KOMBI_EXTRA_COLUMN);
  return cols;
}
