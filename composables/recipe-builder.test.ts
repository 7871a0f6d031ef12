/**
 * The builder's live preview of a field taught from the TMS's own data (a single-page TMS):
 * the value is shown as the recipe will read it (an amount in minor units as money with its
 * currency), not as the raw JSON number.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrderBook } from '@/sandbox/tms-kit/orders';
import { toGridOrder } from '@/sandbox/tms-grid/api-shape';
import { CAPTURE_CHANNEL } from '@/utils/tms/recipe/capture-pattern';
import { BuilderAnswers, proposeCaptureJoin } from '@/utils/tms/recipe/builder/captured';
import { newDraft, type BuilderDraft } from '@/utils/tms/recipe/builder/draft';
import { proposeRowKeys } from '@/utils/tms/recipe/builder/locators';
import { proposeRows } from '@/utils/tms/recipe/builder/rows';
import { useRecipeBuilder } from './recipe-builder';

const origin = 'https://grid.example';
const orders = OrderBook.generated({ orders: 20, seed: 15 }).all().map(toGridOrder);

function answers(): BuilderAnswers {
  const kept = new BuilderAnswers(origin);
  kept.accept({ channel: CAPTURE_CHANNEL, kind: 'answer', url: `${origin}/api/orders?offset=0&limit=250`, body: JSON.stringify({ data: orders, meta: { total: orders.length } }) });
  return kept;
}

/** The Grid TMS's rows: order number, client, amount; generated classes. */
function gridPage() {
  const cells = (o: (typeof orders)[number]) => [o.ref, o.client.name, `€${(o.freight.amountCents / 100).toFixed(2)}`].map((t) => `<div class="c9x7k2" role="gridcell"><div>${t}</div></div>`).join('');
  document.body.innerHTML = `<div role="grid" aria-label="Orders"><div role="row"><div role="columnheader">Order</div><div role="columnheader">Client</div><div role="columnheader">Amount</div></div>
    <div role="rowgroup">${orders.slice(0, 8).map((o) => `<div class="r8k1x0" role="row" aria-selected="false">${cells(o)}</div>`).join('')}</div></div>`;
  return document;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the data preview', () => {
  it('shows a price picked in the data as the money the recipe reads, in the order it was picked in', async () => {
    const doc = gridPage();
    const kept = answers();
    const rows = proposeRows(doc.querySelectorAll('[role="gridcell"]')[1]!)!;
    const key = proposeRowKeys(rows.rows).find((k) => 'column' in k.locator && k.locator.column === 'Order')!;
    const join = proposeCaptureJoin(kept.answers(), key.keys)!;
    const draft: BuilderDraft = {
      ...newDraft(origin, '0b0f3f5e-8d0a-4a8e-9d55-3c1f2a7b9e10', 'CargoGrid'),
      step: 'detail',
      listPath: '/',
      rowCss: rows.css,
      rowKey: key.locator,
      keys: join.keys,
      capture: { rule: join.rule, match: join.match },
      locale: { decimal: '.', group: ',', dateOrder: 'DMY', currency: 'EUR', countryNames: ['de', 'en'] },
    };
    const page = { doc, url: () => new URL(`${origin}/`), fetch: vi.fn(), isOwn: () => false, captured: { answers: kept, watch: () => undefined } };
    const b = useRecipeBuilder(draft, page, { put: async () => ({ ok: true }), addTest: async () => ({ ok: false, reason: 'none' }), save: async () => ({ ok: true }), close: async () => undefined });

    b.pick({ kind: 'detail', field: 'price' });
    const o = orders[2]!;
    const amount = [...doc.querySelectorAll('[role="gridcell"] div')].find((d) => d.textContent === `€${(o.freight.amountCents / 100).toFixed(2)}`)!;
    amount.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));

    const [shown] = b.detailPreview('price');
    expect(shown?.cell).toEqual({ ok: true, text: String(o.freight.amountCents), value: { minor: o.freight.amountCents, currency: o.freight.currency } });
  });
});

describe('how the recipe signs in to the TMS’s data', () => {
  const TOKEN = 'cg_9f1c2b4e8a9d4c3eb2f10a1b2c3d4e5f';
  const session = (entries: Record<string, string>) => ({ length: Object.keys(entries).length, key: (i: number) => Object.keys(entries)[i] ?? null, getItem: (k: string) => entries[k] ?? null });

  function teach(storage: Record<string, string>) {
    const doc = gridPage();
    const kept = answers();
    const rows = proposeRows(doc.querySelectorAll('[role="gridcell"]')[1]!)!;
    const key = proposeRowKeys(rows.rows).find((k) => 'column' in k.locator && k.locator.column === 'Order')!;
    const join = proposeCaptureJoin(kept.answers(), key.keys)!;
    const draft: BuilderDraft = { ...newDraft(origin, '0b0f3f5e-8d0a-4a8e-9d55-3c1f2a7b9e10', 'CargoGrid'), step: 'selection', listPath: '/', rowCss: rows.css, rowKey: key.locator, keys: join.keys, capture: { rule: join.rule, match: join.match } };
    const puts: BuilderDraft[] = [];
    let notify = () => undefined as void;
    const page = { doc, url: () => new URL(`${origin}/`), fetch: vi.fn(), isOwn: () => false, captured: { answers: kept, watch: (n: () => void) => void (notify = n) }, storage: () => ({ session: session(storage), local: null }) };
    const b = useRecipeBuilder(draft, page, { put: async (d) => (puts.push(d), { ok: true }), addTest: async () => ({ ok: false, reason: 'none' }), save: async () => ({ ok: true }), close: async () => undefined });
    // The page signs its next request: the capture script shows the builder the header, in this tab.
    kept.accept({ channel: CAPTURE_CHANNEL, kind: 'auth', url: `${origin}/api/orders?offset=0`, authorization: `Bearer ${TOKEN}` });
    notify();
    return { b, puts };
  }

  it('proposes the token the page keeps in its session storage, and the recipe reads it from there', () => {
    const { b, puts } = teach({ 'cargogrid.auth': JSON.stringify({ user: 'dispo', token: TOKEN }) });
    b.go('detail');
    expect(b.authChoice.value).toEqual({ mode: 'storage', where: { area: 'session', key: 'cargogrid.auth', path: '$.token' } });
    expect(b.draft.auth).toEqual({ mode: 'storage', storageKey: 'cargogrid.auth', storageArea: 'session', storagePath: '$.token' });
    // Where, never the token: not in the draft the background keeps.
    expect(JSON.stringify(puts)).not.toContain(TOKEN);
    // The user may keep the page's own requests instead.
    b.setAuth('captured');
    expect(b.draft.auth).toEqual({ mode: 'captured' });
    b.setAuth('storage');
    expect(b.draft.auth).toMatchObject({ mode: 'storage', storageKey: 'cargogrid.auth' });
  });

  it('keeps the page’s own requests where the page keeps no token the builder can find', () => {
    const { b } = teach({ theme: 'dark' });
    b.go('detail');
    expect(b.authChoice.value).toEqual({ mode: 'captured', where: null });
    expect(b.draft.auth).toBeUndefined();
  });
});
