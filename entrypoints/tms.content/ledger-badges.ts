/**
 * The ledger write-back made visible: on a recipe site's list, each row Frachtbeleg invoiced
 * gets a badge with the invoice number in its last cell; on its detail page, the order gets
 * the same badge at the detail anchor (the TMS itself is not changed). Plain DOM in a shadow
 * root, text only; asked again for rows the page adds or re-renders.
 */
import type { ActionAnchor, ListRow } from '@/utils/tms/adapter';
import { mountShadow } from './shadow';

const CSS = `.fb-ledger-badge{display:inline-block;margin-left:6px;padding:0 6px;border-radius:9px;background:#dafbe1;color:#1a7f37;
  border:1px solid #1a7f37;font:600 12px/18px system-ui,sans-serif;white-space:nowrap}`;
const HOST = 'frachtbeleg-badge';

export type AskMarks = (orderIds: string[]) => Promise<{ orderId: string; text: string; invoiceNumber?: string }[]>;

function badgeAt(anchor: Element, text: string, append: 'first' | 'last') {
  const mount = mountShadow({ name: HOST, anchor, append, css: CSS });
  const badge = document.createElement('span');
  badge.className = 'fb-ledger-badge';
  badge.setAttribute('role', 'status');
  badge.textContent = text;
  mount.container.append(badge);
  return mount;
}

/** Puts a badge on each marked row that has none yet; rows asked about once per page view. */
export function ledgerBadges(ask: AskMarks) {
  const asked = new Set<string>();
  const marks = new Map<string, string>();

  function place(row: ListRow) {
    const text = marks.get(row.id);
    if (!text || row.row.querySelector(HOST)) return;
    const cell = row.row.tagName === 'TR' ? (row.row.lastElementChild ?? row.row) : row.row;
    badgeAt(cell, text, 'last');
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

export interface DetailLedger {
  /** The detail page shows this order (null: no detail page); its badge goes at the anchor. */
  (orderId: string | null, anchor: ActionAnchor | null): Promise<void>;
  /** The last mark asked for the order shown, or null (what instructions build on). */
  mark(): { orderId: string; text: string; invoiceNumber?: string } | null;
  /** The ledger changed (an invoice was made): the next update asks again. */
  refresh(): void;
}

/**
 * The detail page's badge: the order the page shows, asked about once per order (the
 * background answers only about the page's own site), put back where a re-render removed it.
 */
export function detailLedgerBadge(ask: AskMarks): DetailLedger {
  let shown: string | null = null;
  let current: Awaited<ReturnType<AskMarks>>[number] | null = null;
  let mount: ReturnType<typeof mountShadow> | null = null;
  const update = async (orderId: string | null, anchor: ActionAnchor | null) => {
    if (orderId !== shown) {
      shown = orderId;
      current = null;
      mount?.remove();
      mount = null;
      if (orderId) {
        const [mark] = (await ask([orderId]).catch(() => [])).filter((m) => m.orderId === orderId);
        // The page may have moved on to another order while the answer came.
        if (shown !== orderId) return;
        current = mark ?? null;
      }
    }
    if (!current || !anchor) return;
    if (mount?.host.isConnected && anchor.element.contains(mount.host)) return;
    mount?.remove();
    mount = badgeAt(anchor.element, current.text, 'last');
  };
  const refresh = () => {
    shown = null;
    current = null;
    mount?.remove();
    mount = null;
  };
  return Object.assign(update, { mark: () => current, refresh });
}
