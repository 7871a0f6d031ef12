/**
 * An order whose detail page is on a recipe's second origin the user has not granted: the
 * preview names the address and offers the grant, which opens the settings at the TMS sites
 * (a TMS page can't ask the browser for a permission; the options page can, in one click).
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import InvoicePanel from './InvoicePanel.vue';
import { createPanelStore } from '@/composables/invoice-panel';
import { click, flush, getByRole, textOf } from '@/tests/support/dom';
import { makeOrder, nordlicht } from '@/tests/support/orders';
import { fakeAdapter, fakeSend, invoicingContext, panelEnvironment, plugins, readOk } from '@/tests/support/panel';

enableAutoUnmount(afterEach);

describe('InvoicePanel: an order on an address not granted yet', () => {
  it('says which address to grant, and its button opens the settings at the TMS sites', async () => {
    const store = createPanelStore();
    const fake = fakeSend({ getInvoicingContext: () => invoicingContext({ links: { [nordlicht.id]: { contact: { id: 'c-1', name: nordlicht.name } } } }), openOptions: () => ({ ok: true }) });
    const reads = [readOk(makeOrder({ id: 'o-58', number: 'A-2026-0058' })), { ok: false as const, id: 'o-59', problems: [{ code: 'access-missing' as const, field: 'source' as const, host: 'detail.kombi.localhost' }] }];
    store.configure(panelEnvironment(fakeAdapter(reads), fake.send));
    const wrapper = mount(InvoicePanel, { global: { plugins: plugins('en', store) }, attachTo: document.body });
    await store.open({ kind: 'list', ids: ['o-58', 'o-59'] });
    await flush();
    const problems = getByRole(getByRole(wrapper, 'dialog'), 'region', 'Before sending');
    expect(textOf(problems)).toContain('Order o-59: its detail page is on detail.kombi.localhost, which Frachtbeleg may not open yet: grant access to detail.kombi.localhost in the settings (TMS sites).');
    await click(getByRole(problems, 'button', 'Grant access to detail.kombi.localhost'));
    expect(fake.callsOf('openOptions')).toEqual([{ section: 'sites' }]);
  });
});
