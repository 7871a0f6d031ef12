/**
 * CargoGrid's generated class names, its columns, and its mutation mode: the same orders with
 * other class names, another default column order, extra wrapper elements, an extra column
 * ("Pallets") and renamed ids.
 */
import { shortHash, type Mutation } from '../tms-kit/mutation';

export { MutationSwitch, setMutation, NO_MUTATION, createMutation, type Mutation } from '../tms-kit/mutation';

export const GRID_GEOMETRY = { viewportHeight: 560, rowHeight: 28, overscan: 4 } as const;

export interface GridColumn {
  key: string;
  title: string;
}

export const GRID_COLUMNS: readonly GridColumn[] = [
  { key: 'ref', title: 'Order' },
  { key: 'client', title: 'Client' },
  { key: 'from', title: 'From' },
  { key: 'to', title: 'To' },
  { key: 'pickup', title: 'Pickup' },
  { key: 'delivery', title: 'Delivery' },
  { key: 'weight', title: 'Weight' },
  { key: 'amount', title: 'Amount' },
  { key: 'state', title: 'Status' },
  { key: 'invoiceReference', title: 'Invoice ref.' },
];

export const GRID_EXTRA_COLUMN: GridColumn = { key: 'pallets', title: 'Pallets' };

/** The names the app's elements get a generated class for. */
export const CLASS_ROLES = [
  'app', 'toolbar', 'title', 'count', 'button', 'grid', 'head', 'headCell', 'viewport', 'spacer', 'row', 'cell',
  'selected', 'drawer', 'drawerHead', 'fields', 'field', 'message', 'menu', 'menuItem', 'dragOver',
] as const;

/**
 * Hashed class names like a CSS-in-JS build makes: stable for one run seed, different for another.
 * A mutation hashes with its own seed on top.
 */
export function gridClasses(runSeed: number, mutation: Mutation): Record<string, string> {
  const salt = mutation.seed === null ? runSeed : (runSeed ^ (mutation.seed * 0x9e3779b1)) >>> 0;
  return Object.fromEntries(CLASS_ROLES.map((role) => [role, `_${shortHash(salt, role).slice(0, 6)}`]));
}

/** The default column order (before the user moves any) and whether the extra column shows. */
export function gridColumns(mutation: Mutation): GridColumn[] {
  const cols = mutation.permute(GRID_COLUMNS);
  if (mutation.extraColumn) cols.splice(3, 0, GRID_EXTRA_COLUMN);
  return cols;
}

/** Element ids the app uses, as this skin spells them. */
export function gridIds(mutation: Mutation): Record<string, string> {
  return Object.fromEntries(['root', 'grid', 'drawer', 'columnMenu'].map((id) => [id, mutation.id(id)]));
}
