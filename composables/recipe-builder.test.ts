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
