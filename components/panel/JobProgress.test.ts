import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import JobProgress from './JobProgress.vue';
import { click, getByRole, queryAllByRole, queryByRole, textOf } from '@/tests/support/dom';
import { createdInvoice, jobView, plugins } from '@/tests/support/panel';
import type { JobView } from '@/utils/jobs/job';

const mountJob = (job: JobView) => mount(JobProgress, { props: { job }, global: { plugins: plugins() } });

/** The steps as they read, with the one in progress marked. */
const steps = (wrapper: ReturnType<typeof mountJob>) =>
  queryAllByRole(wrapper.find('ol').element, 'listitem').map((li) => `${li.getAttribute('aria-current') === 'step' ? '> ' : ''}${textOf(li)}`);

const BACKGROUND_NOTE = 'You can close this window: the extension finishes the job in the background.';

describe('JobProgress', () => {
  it('planned: waits to check the customer', () => {
    const wrapper = mountJob(jobView({ state: 'planned' }));
    getByRole(wrapper, 'heading', 'Creating the invoice');
    expect(steps(wrapper)).toEqual(['> … Customer checked', '○ Creating the invoice in Lexware Office…', '○ Recording the invoice on the orders…']);
    expect(wrapper.text()).toContain(BACKGROUND_NOTE);
    expect(queryByRole(wrapper, 'link')).toBeNull();
    expect(queryByRole(wrapper, 'button')).toBeNull();
  });

  it('creating: the customer is checked, the invoice is on its way', () => {
    const wrapper = mountJob(jobView({ state: 'creating' }));
    expect(steps(wrapper)).toEqual(['✓ Customer checked', '> … Creating the invoice in Lexware Office…', '○ Recording the invoice on the orders…']);
  });

  it('checking: says what is happening, how long it may take, and that the user can go on meanwhile', () => {
    const wrapper = mountJob(jobView({ state: 'checking', provider: 'sevdesk' }));
    expect(steps(wrapper)[1]).toBe(
      '> … The connection was interrupted. Checking whether sevdesk created the invoice, so that nothing is sent twice; this can take up to a minute. You can close this preview and go on with other work: the toolbar popup shows the result.',
    );
    expect(wrapper.text()).toContain(BACKGROUND_NOTE);
  });

  it('invoice created, write-back pending: links the invoice and offers to retry now', async () => {
    const wrapper = mountJob(
      jobView({
        state: 'invoice-created',
        invoice: createdInvoice(),
        writeBack: [
          { orderId: 'o-1', orderNumber: 'A-2026-0001', state: 'pending', attempts: 2, error: { reason: 'unreachable' } },
          { orderId: 'o-2', orderNumber: 'A-2026-0002', state: 'done', attempts: 1 },
        ],
      }),
    );
    expect(steps(wrapper)).toEqual(['✓ Customer checked', '✓ Invoice RE-1001 created in Lexware Office', '> … Recording the invoice on the orders…']);
    const link = getByRole(wrapper, 'link', 'Open in Lexware Office') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://app.lexware.de/permalink/invoices/view/inv-1');
    expect(link.target).toBe('_blank');
    expect(link.rel).toContain('noopener');
    expect(getByRole(wrapper, 'status').textContent).toBe('Could not record on order A-2026-0001 yet (TMS not reachable). Retrying automatically.');

    await click(getByRole(wrapper, 'button', 'Retry now'));
    expect(wrapper.emitted('resolve')).toEqual([[{ kind: 'retry-write-back' }]]);
  });

  it('a write-back that failed for good says why', () => {
    const wrapper = mountJob(
      jobView({ state: 'invoice-created', invoice: createdInvoice({ number: null }), writeBack: [{ orderId: 'o-1', orderNumber: 'A-1', state: 'failed', attempts: 5, error: { reason: 'rejected' } }] }),
    );
    expect(steps(wrapper)[1]).toBe('✓ Invoice created in Lexware Office');
    expect(wrapper.text()).toContain('Could not record on order A-1 (the TMS refused the change).');
    getByRole(wrapper, 'button', 'Retry now');
  });

  it('done: everything ticked, the invoice linked, nothing left to do', () => {
    const wrapper = mountJob(jobView({ state: 'done', invoice: createdInvoice(), writeBack: [{ orderId: 'o-1', orderNumber: 'A-1', state: 'done', attempts: 1 }] }));
    expect(steps(wrapper)).toEqual(['✓ Customer checked', '✓ Invoice RE-1001 created in Lexware Office', '✓ Recorded on the orders']);
    expect(getByRole(wrapper, 'status').textContent).toBe('Done. The orders now show "Invoice created".');
    getByRole(wrapper, 'link', 'Open in Lexware Office');
    expect(queryByRole(wrapper, 'button')).toBeNull();
    expect(wrapper.text()).not.toContain(BACKGROUND_NOTE);
  });

  it('failed: says in plain words what the billing system refused, and goes back to the preview', async () => {
    const wrapper = mountJob(
      jobView({ state: 'failed', error: { code: 'validation', message: 'currency: not allowed', status: 406, fields: [{ field: 'totalPrice.currency', key: 'currency' }] } }),
    );
    const alert = getByRole(wrapper, 'alert');
    expect(textOf(alert)).toBe(
      'The invoice was not created. Lexware Office refused the invoice data: the currency. Correct it in the preview and try again. Back to the preview',
    );
    expect(wrapper.text()).not.toContain(BACKGROUND_NOTE);

    await click(getByRole(wrapper, 'button', 'Back to the preview'));
    expect(wrapper.emitted('back')).toHaveLength(1);
  });

  it('needs attention with candidates: the user picks the invoice, sends again, or checks', async () => {
    const wrapper = mountJob(
      jobView({
        state: 'needs-attention',
        candidates: [createdInvoice({ id: 'inv-7', number: 'RE-7', url: 'https://app.lexware.de/i/inv-7' }), createdInvoice({ id: 'inv-8', number: null, url: 'https://app.lexware.de/i/inv-8' })],
      }),
    );
    const alert = getByRole(wrapper, 'alert');
    getByRole(alert, 'heading', 'Please decide');
    expect(alert.textContent).toContain('Lexware Office has several invoices that could be this one. Which one is it?');
    expect(queryAllByRole(alert, 'link').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['RE-7', 'https://app.lexware.de/i/inv-7'],
      ['inv-8', 'https://app.lexware.de/i/inv-8'],
    ]);

    const [, second] = queryAllByRole(alert, 'button', 'This is the one');
    await click(second!);
    await click(getByRole(alert, 'button', 'Create it again'));
    await click(getByRole(alert, 'button', 'I will check myself'));
    expect(wrapper.emitted('resolve')).toEqual([[{ kind: 'use-invoice', invoiceId: 'inv-8' }], [{ kind: 'send-again' }], [{ kind: 'dismiss' }]]);
  });

  it('needs attention without candidates: says it is uncertain', () => {
    const wrapper = mountJob(jobView({ state: 'needs-attention' }));
    expect(getByRole(wrapper, 'alert').textContent).toContain('It is not certain whether Lexware Office created the invoice. Check in Lexware Office, then choose.');
    expect(queryByRole(wrapper, 'button', 'This is the one')).toBeNull();
  });

  it('lists duplicate invoices to delete', () => {
    const wrapper = mountJob(
      jobView({ state: 'done', invoice: createdInvoice(), duplicates: [createdInvoice({ id: 'inv-2', number: 'RE-1002', url: 'https://app.lexware.de/i/inv-2' })] }),
    );
    const alert = getByRole(wrapper, 'alert');
    expect(alert.textContent).toContain('Lexware Office also holds an identical invoice from this attempt, probably created by a network retry. Delete the extra draft there:');
    expect(getByRole(alert, 'link', 'RE-1002').getAttribute('href')).toBe('https://app.lexware.de/i/inv-2');
  });
});
