import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import InvoiceFields from './InvoiceFields.vue';
import { flush, getByLabelText, queryAllByLabelText, type } from '@/tests/support/dom';
import { defaultInvoiceSettings, makeOrder, TMS_ORIGIN } from '@/tests/support/orders';
import { plugins } from '@/tests/support/panel';
import { compose } from '@/utils/domain/compose';
import type { InvoiceDraft } from '@/utils/domain/invoice';
import { PROVIDER_RULES } from '@/utils/domain/provider-rules';

function draftOf(count: number): InvoiceDraft {
  const orders = Array.from({ length: count }, (_, i) =>
    makeOrder({ stops: [{ type: 'delivery', city: 'Berlin', countryCode: 'DE', date: `2026-11-1${i}` }] }),
  );
  const { draft } = compose({
    orders,
    tms: { origin: TMS_ORIGIN, adapter: 'demo-tms' },
    provider: 'lexware',
    connected: true,
    settings: defaultInvoiceSettings,
    contact: null,
    today: '2026-11-23',
  });
  return draft!;
}

const mountFields = (draft: InvoiceDraft) => mount(InvoiceFields, { props: { draft, limits: PROVIDER_RULES.lexware.limits }, global: { plugins: plugins() } });

describe('InvoiceFields', () => {
  it('shows the draft\'s texts and dates, with the title\'s length against its limit', () => {
    const wrapper = mountFields({ ...draftOf(1), title: 'Rechnung' });
    expect(getByLabelText(wrapper, /^Title/).value).toBe('Rechnung');
    expect(getByLabelText(wrapper, /^Title/).maxLength).toBe(25);
    expect(wrapper.text()).toContain('8 / 25 characters');
    expect(getByLabelText(wrapper, 'Invoice date').value).toBe('23/11/2026');
    expect(getByLabelText(wrapper, 'Service date').value).toBe('10/11/2026');
    expect(getByLabelText<HTMLTextAreaElement>(wrapper, 'Introduction').value).toContain('Für den Transport zu Auftrag');
    // A single order delivered on one day has a service date, not a period.
    expect(queryAllByLabelText(wrapper, /Service period/)).toEqual([]);
  });

  it('shows a service period for a collective invoice', () => {
    const wrapper = mountFields(draftOf(3));
    expect(getByLabelText(wrapper, 'Service period (from)').value).toBe('10/11/2026');
    expect(getByLabelText(wrapper, 'Service period (to)').value).toBe('12/11/2026');
  });

  it('emits each edit as a patch of that field', () => {
    const wrapper = mountFields(draftOf(3));
    type(getByLabelText(wrapper, /^Title/), 'Sammelrechnung November');
    type(getByLabelText(wrapper, 'Invoice date'), '30/11/2026');
    type(getByLabelText(wrapper, 'Service period (from)'), '1/11/2026');
    type(getByLabelText(wrapper, 'Service period (to)'), '2026-11-29');
    type(getByLabelText(wrapper, 'Introduction'), 'Hallo');
    type(getByLabelText(wrapper, 'Closing remark'), 'Danke');
    expect(wrapper.emitted('edit')).toEqual([
      [{ title: 'Sammelrechnung November' }],
      [{ voucherDate: '2026-11-30' }],
      [{ serviceStart: '2026-11-01' }],
      [{ serviceEnd: '2026-11-29' }],
      [{ introduction: 'Hallo' }],
      [{ remark: 'Danke' }],
    ]);
  });

  it('shows and takes dates in the UI language, never the browser\'s US format', async () => {
    const de = mount(InvoiceFields, { props: { draft: draftOf(1), limits: PROVIDER_RULES.lexware.limits }, global: { plugins: plugins('de') } });
    expect(getByLabelText(de, 'Rechnungsdatum').value).toBe('23.11.2026');
    expect(getByLabelText(de, 'Rechnungsdatum').placeholder).toBe('TT.MM.JJJJ');
    type(getByLabelText(de, 'Rechnungsdatum'), '1.12.26');
    expect(de.emitted('edit')).toEqual([[{ voucherDate: '2026-12-01' }]]);
  });

  it('marks a date it cannot read and sends nothing for it', async () => {
    const wrapper = mountFields(draftOf(1));
    const field = getByLabelText(wrapper, 'Invoice date');
    type(field, '31/02/2026');
    await flush();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.title).toBe('Not a date: write it as DD/MM/YYYY.');
    type(field, '11/30/2026');
    await flush();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(wrapper.emitted('edit')).toBeUndefined();
  });
});
