import { beforeEach, describe, expect, it, vi } from 'vitest';
import { customersOnPage, answerPageCustomers, type PageCustomersEnvironment } from './page-customers';
import { fakeAdapter, readOk } from '@/tests/support/panel';
import { makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import { removeAllHandlers, request } from '@/utils/messaging';
import { deliverMessagesFrom } from '@/tests/support/messaging';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ListRow, OrderReadResult, PageKind } from '@/utils/tms/adapter';

const bayern = { id: '10002', name: 'Bayern Logistik AG', customerNumber: '10002' };

function environment(kind: PageKind | null, reads: OrderReadResult[], rowIds: string[] = []): PageCustomersEnvironment & { adapter: ReturnType<typeof fakeAdapter> } {
  const adapter = fakeAdapter(reads);
  adapter.pageKind = () => kind;
  adapter.listRows = () => rowIds.map((id) => ({ id }) as ListRow);
  return { adapter, doc: document, url: () => new URL(`${TMS_ORIGIN}/orders`), fetch: vi.fn<typeof fetch>() };
}

describe('customersOnPage', () => {
  it('reads the visible rows\' orders in one call and returns their distinct customers in page order', async () => {
    const env = environment('list', [readOk(makeOrder({ customer: bayern })), readOk(makeOrder()), readOk(makeOrder({ customer: bayern })), { ok: false, id: 'o-x', problems: [{ code: 'price-missing' }] }], ['o-1', 'o-2', 'o-3', 'o-x']);
    await expect(customersOnPage(env)).resolves.toEqual([bayern, nordlicht]);
    expect(env.adapter.readOrders).toHaveBeenCalledTimes(1);
    // The page goes along: a recipe may read the rows themselves or follow their links.
    expect(env.adapter.readOrders).toHaveBeenCalledWith(['o-1', 'o-2', 'o-3', 'o-x'], { origin: TMS_ORIGIN, fetch: env.fetch, page: { document: env.doc, url: expect.any(URL) } });
  });

  it('does not call the TMS for an empty list', async () => {
    const env = environment('list', [], []);
    await expect(customersOnPage(env)).resolves.toEqual([]);
    expect(env.adapter.readOrders).not.toHaveBeenCalled();
  });

  it('reads the customer of the order a detail page shows', async () => {
    const env = environment('detail', [readOk(makeOrder({ customer: bayern }))]);
    await expect(customersOnPage(env)).resolves.toEqual([bayern]);
    expect(env.adapter.readOrders).not.toHaveBeenCalled();
  });

  it('has none on other pages of the TMS', async () => {
    await expect(customersOnPage(environment(null, [readOk(makeOrder())]))).resolves.toEqual([]);
  });
});

describe('answerPageCustomers', () => {
  beforeEach(() => removeAllHandlers());

  it('answers the background with the customers of the page, and stops when removed', async () => {
    deliverMessagesFrom({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/background.js') });
    const remove = answerPageCustomers(environment('list', [readOk(makeOrder())], ['o-1']));
    await expect(request('getPageCustomers', undefined)).resolves.toEqual({ customers: [nordlicht] });
    remove();
    await expect(request('getPageCustomers', undefined)).rejects.toThrow();
  });
});
