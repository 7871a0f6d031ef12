/**
 * The result view's download buttons: the e-invoice XML where the billing system has one,
 * the PDF where it has a file at all, and what went wrong in the user's words.
 */
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import JobProgress from './JobProgress.vue';
import { click, flush, getByRole, queryByRole } from '@/tests/support/dom';
import { createdInvoice, jobView, plugins } from '@/tests/support/panel';
import type { JobView } from '@/utils/jobs/job';
import type { Failure } from '@/utils/messaging';

type Download = (format: 'xml' | 'pdf') => Promise<Failure['error'] | null>;
const mountJob = (job: JobView, download: Download, locale: 'en' | 'de' = 'en') =>
  mount(JobProgress, { props: { job, download }, global: { plugins: plugins(locale) }, attachTo: document.body });

const sevdeskEInvoice = jobView({ provider: 'sevdesk', state: 'done', invoice: createdInvoice({ eInvoice: { profile: 'ZUGFeRD', missingForDomesticB2b: false } }) });

describe('JobProgress: downloading the invoice files', () => {
  it('sevdesk e-invoice: "Download e-invoice (XML)" and "Download PDF" each ask for their file', async () => {
    const download = vi.fn<Download>(async () => null);
    const wrapper = mountJob(sevdeskEInvoice, download);
    await click(getByRole(wrapper, 'button', 'Download e-invoice (XML)'));
    await click(getByRole(wrapper, 'button', 'Download PDF'));
    expect(download.mock.calls).toEqual([['xml'], ['pdf']]);
    expect(queryByRole(wrapper, 'alert')).toBeNull();
    wrapper.unmount();
  });

  it('a plain sevdesk invoice has no XML to offer, only the PDF', () => {
    const job = jobView({ provider: 'sevdesk', state: 'done', invoice: createdInvoice({ eInvoice: { profile: 'NONE', missingForDomesticB2b: false, missing: [{ code: 'payment-method-missing' }] } }) });
    const wrapper = mountJob(job, async () => null);
    expect(queryByRole(wrapper, 'button', 'Download e-invoice (XML)')).toBeNull();
    getByRole(wrapper, 'button', 'Download PDF');
    wrapper.unmount();
  });

  it('Lexware: a finalized ZUGFeRD invoice offers its PDF (the XML is inside), XRechnung its XML, a draft nothing', () => {
    const zugferd = mountJob(jobView({ state: 'done', invoice: createdInvoice({ status: 'open', eInvoice: { profile: 'EN16931', missingForDomesticB2b: false } }) }), async () => null);
    expect(queryByRole(zugferd, 'button', 'Download e-invoice (XML)')).toBeNull();
    getByRole(zugferd, 'button', 'Download PDF');
    zugferd.unmount();
    const xrechnung = mountJob(jobView({ state: 'done', invoice: createdInvoice({ status: 'open', eInvoice: { profile: 'XRechnung', missingForDomesticB2b: false } }) }), async () => null);
    getByRole(xrechnung, 'button', 'Download e-invoice (XML)');
    xrechnung.unmount();
    const draft = mountJob(jobView({ state: 'done', invoice: createdInvoice({ status: 'draft' }) }), async () => null);
    expect(queryByRole(draft, 'button', 'Download PDF')).toBeNull();
    draft.unmount();
  });

  it('says plainly when the billing system has no such file', async () => {
    const wrapper = mountJob(sevdeskEInvoice, async () => ({ code: 'not-found', message: 'sevdesk has no e-invoice XML for this invoice' }), 'de');
    await click(getByRole(wrapper, 'button', 'E-Rechnung herunterladen (XML)'));
    await flush();
    getByRole(wrapper, 'alert', 'sevdesk hat diese Datei für die Rechnung nicht.');
    wrapper.unmount();
  });
});
