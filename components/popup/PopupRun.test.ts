import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import PopupRun from './PopupRun.vue';
import { click, flush, getByRole, queryByRole } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import type { BillingRun, RunItem } from '@/utils/jobs/billing-run';
import { makeRun, runItem } from '@/tests/support/runs';

enableAutoUnmount(afterEach);

const run = (overrides: Partial<BillingRun> = {}): BillingRun =>
  makeRun({
    items: [
      runItem({ key: 'a', customerName: 'Alpha Logistik GmbH', netMinor: 100000, state: 'recorded', invoice: { id: 'i1', number: 'RE1', url: 'https://app.lexware.de/permalink/invoices/view/i1' } }),
      runItem({ key: 'b', customerName: 'Beta Transporte KG', orderIds: ['o2'], orderNumbers: ['A-2'], netMinor: 200000, state: 'creating' }),
      runItem({ key: 'c', customerName: 'Gamma Spedition AG', orderIds: ['o3'], orderNumbers: ['A-3'], netMinor: 300000 }),
    ],
    ...overrides,
  });

async function mountRun(current: BillingRun | null) {
  let shown = current;
  const background = fakeBackground({
    getBillingRun: () => ({ run: shown }),
    controlBillingRun: ({ action }) => {
      shown = action === 'dismiss' ? { ...shown!, dismissed: true } : { ...shown!, status: action === 'pause' ? 'paused' : shown!.status, updatedAt: '2026-11-30T17:01:00.000Z' };
      return { ok: true, run: shown };
    },
  });
  const wrapper = mount(PopupRun, { props: { refreshMs: { active: 60_000, idle: 60_000 } }, global: { plugins: plugins() }, attachTo: document.body });
  await flush();
  return { wrapper, background };
}

describe('PopupRun', () => {
  it('shows the running billing run with how far it is, and pauses it', async () => {
    const { wrapper, background } = await mountRun(run());
    const section = getByRole(wrapper, 'region', 'Billing run');
    expect(getByRole(section, 'status').textContent).toContain('1 of 3 invoices created');
    await click(getByRole(section, 'button', 'Pause'));
    await flush();
    expect(background.callsOf('controlBillingRun')).toEqual([{ runId: 'run-1', action: 'pause' }]);
    getByRole(section, 'button', 'Resume');
  });

  it('keeps the report until it is dismissed', async () => {
    const { wrapper, background } = await mountRun(run({ status: 'done', items: run().items.map((i) => ({ ...i, state: 'recorded' as const })) }));
    getByRole(wrapper, 'heading', 'Billing run report');
    await click(getByRole(wrapper, 'button', 'Dismiss the report'));
    await flush();
    expect(background.callsOf('controlBillingRun')).toEqual([{ runId: 'run-1', action: 'dismiss' }]);
    expect(queryByRole(wrapper, 'region', 'Billing run')).toBeNull();
  });

  it('says the invoices are still being recorded on the TMS, with their links, and keeps the report until that is done', async () => {
    const items: RunItem[] = run().items.map((i) => ({ ...i, state: 'recorded' as const, invoice: { id: i.key, number: `RE-${i.key}`, url: `https://app.lexware.de/permalink/invoices/view/${i.key}` } }));
    items[2] = { ...items[2]!, state: 'created', writeBackPending: ['o3'] };
    const { wrapper } = await mountRun(run({ status: 'recording', items }));
    getByRole(wrapper, 'heading', 'Billing run report');
    expect(getByRole(wrapper, 'status').textContent).toContain('Recording on the TMS… 2 of 3 orders carry their invoice.');
    getByRole(wrapper, 'link', 'Invoice RE-c for Gamma Spedition AG');
    // Not done yet: the report cannot be dismissed, and nothing is offered to pause or cancel.
    expect(queryByRole(wrapper, 'button', 'Dismiss the report')).toBeNull();
    expect(queryByRole(wrapper, 'button', 'Cancel run')).toBeNull();
  });

  it('shows nothing when there is no run', async () => {
    const { wrapper } = await mountRun(null);
    expect(queryByRole(wrapper, 'region', 'Billing run')).toBeNull();
  });
});
