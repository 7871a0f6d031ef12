import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import JobProgress from './JobProgress.vue';
import { getByRole, textOf } from '@/tests/support/dom';
import { createdInvoice, jobView, plugins } from '@/tests/support/panel';
import type { JobView } from '@/utils/jobs/job';

const mountJob = (job: JobView, locale: 'en' | 'de' = 'en') => mount(JobProgress, { props: { job }, global: { plugins: plugins(locale) } });
const status = (wrapper: ReturnType<typeof mountJob>) => textOf(getByRole(wrapper, 'status'));

describe('JobProgress: the e-invoice read back', () => {
  it('says which e-invoice Lexware Office made', () => {
    const wrapper = mountJob(jobView({ state: 'done', invoice: createdInvoice({ status: 'open', eInvoice: { profile: 'EN16931', missingForDomesticB2b: false } }) }));
    expect(status(wrapper)).toContain('E-invoice: ZUGFeRD (EN 16931), as Lexware Office reports.');
  });

  it('warns when a German business got no e-invoice (NONE)', () => {
    const wrapper = mountJob(jobView({ state: 'done', invoice: createdInvoice({ status: 'open', eInvoice: { profile: 'NONE', missingForDomesticB2b: true } }) }));
    expect(status(wrapper)).toContain(
      'Lexware Office made no e-invoice of it (NONE), but Spedition Nordlicht GmbH is a German business: from 1 January 2027 a PDF is no valid invoice for them.',
    );
  });

  it('a Lexware draft: the profile is decided at finalization', () => {
    const wrapper = mountJob(jobView({ state: 'done', invoice: createdInvoice({ eInvoice: { profile: null, missingForDomesticB2b: false } }) }), 'de');
    expect(status(wrapper)).toContain('Lexware Office entscheidet beim Festschreiben dort, ob sie eine E-Rechnung wird.');
  });

  it('sevdesk: ZUGFeRD confirmed by its XML', () => {
    const wrapper = mountJob(jobView({ provider: 'sevdesk', state: 'done', invoice: createdInvoice({ eInvoice: { profile: 'ZUGFeRD', missingForDomesticB2b: false } }) }));
    expect(status(wrapper)).toContain('E-invoice: ZUGFeRD, confirmed by the XML sevdesk returned.');
  });

  it('sevdesk: a plain invoice because data was missing names each missing item', () => {
    const eInvoice = { profile: 'NONE', missingForDomesticB2b: true, missing: [{ code: 'payment-method-missing' }, { code: 'unit-code-unknown', params: { unit: 'Tour' } }] };
    const wrapper = mountJob(jobView({ provider: 'sevdesk', state: 'done', invoice: createdInvoice({ eInvoice }) }));
    expect(status(wrapper)).toContain('No e-invoice: sevdesk made a plain invoice, because this was missing:');
    const items = getByRole(wrapper, 'status').querySelectorAll('li');
    expect([...items].map((li) => li.textContent?.trim())).toEqual(['No payment method is chosen for sevdesk e-invoices.', 'The unit "Tour" has no UN/ECE code.']);
  });

  it('sevdesk: no XML came back for the flag', () => {
    const eInvoice = { profile: 'NONE', missingForDomesticB2b: false, missing: [{ code: 'xml-not-returned' }] };
    const wrapper = mountJob(jobView({ provider: 'sevdesk', state: 'done', invoice: createdInvoice({ eInvoice }) }), 'de');
    expect(status(wrapper)).toContain('sevdesk hat kein E-Rechnungs-XML dazu geliefert; es ist wahrscheinlich keine E-Rechnung.');
  });
});
