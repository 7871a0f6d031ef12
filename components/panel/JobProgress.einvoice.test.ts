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
});
