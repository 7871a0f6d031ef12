/**
 * The ledger badge on a recipe site's detail page: the order the page shows gets "Invoiced:
 * RE-…" at the detail anchor, asked about once, put back after the TMS re-renders, and only
 * about that one order.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detailLedgerBadge } from './ledger-badges';

const badgeText = (root: ParentNode) => [...root.querySelectorAll('frachtbeleg-badge')].map((host) => host.shadowRoot?.querySelector('[role="status"]')?.textContent);

function detailPage(number: string) {
  document.body.innerHTML = `<h1>Auftrag ${number}</h1><table><tr><th>Kunde</th><td>Allgäu Spedition</td></tr></table>`;
  return { element: document.querySelector('h1')!, append: 'after' as const };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the ledger badge on a detail page', () => {
  it('shows the invoice of the order the page shows, at the anchor, asked once', async () => {
    const ask = vi.fn(async (ids: string[]) => ids.filter((id) => id === 'o-0289').map((orderId) => ({ orderId, text: 'Invoiced: RE-2026-0042', invoiceNumber: 'RE-2026-0042' })));
    const badge = detailLedgerBadge(ask);
    const anchor = detailPage('A-0289');
    await badge('o-0289', anchor);
    await badge('o-0289', anchor);
    expect(badgeText(anchor.element)).toEqual(['Invoiced: RE-2026-0042']);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(ask).toHaveBeenCalledWith(['o-0289']);
    expect(badge.mark()).toMatchObject({ invoiceNumber: 'RE-2026-0042' });

    // The TMS re-renders its heading: the badge comes back without asking again.
    const again = detailPage('A-0289');
    await badge('o-0289', again);
    expect(badgeText(again.element)).toEqual(['Invoiced: RE-2026-0042']);
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('an order not invoiced gets no badge; leaving the detail page takes it away', async () => {
    const ask = vi.fn(async (ids: string[]) => ids.filter((id) => id === 'o-0289').map((orderId) => ({ orderId, text: 'Invoiced: RE-2026-0042' })));
    const badge = detailLedgerBadge(ask);
    const other = detailPage('A-0290');
    await badge('o-0290', other);
    expect(badgeText(document.body)).toEqual([]);
    expect(badge.mark()).toBeNull();

    const anchor = detailPage('A-0289');
    await badge('o-0289', anchor);
    expect(badgeText(document.body)).toEqual(['Invoiced: RE-2026-0042']);
    await badge(null, null);
    expect(badgeText(document.body)).toEqual([]);
  });

  it('a background that does not answer leaves the page as it is', async () => {
    const badge = detailLedgerBadge(() => Promise.reject(new Error('extension reloaded')));
    const anchor = detailPage('A-0289');
    await badge('o-0289', anchor);
    expect(badgeText(document.body)).toEqual([]);
  });
});
