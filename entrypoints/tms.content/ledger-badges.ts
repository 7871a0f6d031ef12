/**
 * The ledger write-back made visible: on a recipe site's list, each row Frachtbeleg invoiced
 * gets a badge with the invoice number in its last cell (the TMS itself is not changed).
 * Plain DOM in a shadow root, text only; asked again for rows the page adds or re-renders.
 */
import type { ListRow } from '@/utils/tms/adapter';
import { mountShadow } from './shadow';

const CSS = `.fb-ledger-badge{display:inline-block;margin-left:6px;padding:0 6px;border-radius:9px;background:#dafbe1;color:#1a7f37;
  border:1px solid #1a7f37;font:600 12px/18px system-ui,sans-serif;white-space:nowrap}`;
const HOST = 'frachtbeleg-badge';

export type AskMarks = (orderIds: string[]) => Promise<{ orderId: string; text: string }[]>;

/** Puts a badge on each marked row that has none yet; rows asked about once per page view. */
export function ledgerBadges(ask: AskMarks) {
  const asked = new Set<string>();
  const marks = new Map<string, string>();

  function place(row: ListRow) {
    const text = marks.get(row.id);
    if (!text || row.row.querySelector(HOST)) return;
    const cell = row.row.tagName === 'TR' ? (row.row.lastElementChild ?? row.row) : row.row;
    const mount = mountShadow({ name: HOST, anchor: cell, append: 'last', css: CSS });
    const badge = document.createElement('span');
    badge.className = 'fb-ledger-badge';
    badge.setAttribute('role', 'status');
    badge.textContent = text;
    mount.container.append(badge);
  }

  return async function update(rows: readonly ListRow[]): Promise<void> {
    const fresh = rows.map((r) => r.id).filter((id) => !asked.has(id)).slice(0, 500);
    if (fresh.length > 0) {
      fresh.forEach((id) => asked.add(id));
      for (const mark of await ask(fresh).catch(() => [])) marks.set(mark.orderId, mark.text);
    }
    rows.forEach(place);
  };
}
