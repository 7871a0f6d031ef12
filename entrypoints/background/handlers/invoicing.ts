/**
 * The background's side of the invoice preview: context, contacts, links, and jobs.
 */
import type { InvoiceDraft } from '@/utils/domain/invoice';
import { todayIso } from '@/utils/domain/dates';
import { invoiceSettingsFor } from '@/utils/domain/settings';
import { browser } from 'wxt/browser';
import { validateDraft } from '@/utils/domain/validate-draft';
import { draftReadiness, readinessProblem } from '@/utils/domain/draft-readiness';
import { isBlocking } from '@/utils/domain/problems';
import type { RequestOf, ResponseOf, SenderInfo } from '@/utils/messaging';
import { contactRequestsItem, linksItem, settingsItem, taxCasesItem, secretsItem } from '@/utils/storage';
import { customerKey, getLink, setLink } from '@/utils/link-store';
import { invoicedOrders } from '../services/book';
import { ACTIVE_STATES, jobView } from '@/utils/jobs/job';
import type { JobJournal } from '@/utils/jobs/journal';
import { InvoiceAlreadyCreated, type InvoiceJobs } from '@/utils/jobs/service';
import { currentLocale } from '../services/locale';
import { panelTexts } from '@/utils/i18n/translate';
import { connectionState } from './status';
import { providerFor } from '../services/providers';
import { failure } from '../services/results';
import { IncompleteContactError } from '@/utils/billing/sevdesk/contacts';
import { rememberCustomers } from '@/utils/seen-customers';
import { publicCustomerOf, type PublicCustomer } from '@/utils/domain/public-customer';

export async function getInvoicingContext(req: RequestOf<'getInvoicingContext'>, journal: JobJournal): Promise<ResponseOf<'getInvoicingContext'>> {
  const [settings, links, taxCases, locale, connection, invoiced, jobs] = await Promise.all([
    settingsItem.get(),
    linksItem.get(),
    taxCasesItem.get(),
    currentLocale(),
    connectionState(),
    invoicedOrders(req.origin, req.orderIds),
    journal.list(),
    rememberCustomers(req.origin, req.customers),
  ]);
  const providerLinks = links[settings.provider] ?? {};
  const contextLinks: ResponseOf<'getInvoicingContext'>['links'] = {};
  const contextTaxCases: ResponseOf<'getInvoicingContext'>['taxCases'] = {};
  const buyerReferences: Record<string, string> = {};
  const publicCustomers: Record<string, PublicCustomer> = {};
  for (const customer of req.customers) {
    const key = customerKey(req.origin, customer.id);
    const link = providerLinks[key];
    if (link) {
      contextLinks[customer.id] = {
        contact: { id: link.contactId, name: link.contactName },
        ...(link.contactCreatedAt ? { contactCreatedAt: link.contactCreatedAt } : {}),
        ...(link.billingMode ? { billingMode: link.billingMode } : {}),
      };
    }
    const taxCase = taxCases[key]?.taxCase;
    if (taxCase) contextTaxCases[customer.id] = taxCase;
    const buyerReference = taxCases[key]?.buyerReference;
    if (buyerReference) buyerReferences[customer.id] = buyerReference;
    const publicCustomer = publicCustomerOf(taxCases[key]);
    if (publicCustomer) publicCustomers[customer.id] = publicCustomer;
  }
  const wanted = new Set(req.orderIds);
  const inProgress = jobs
    .filter((j) => ACTIVE_STATES.has(j.state) && j.draft.tms.origin === req.origin)
    .flatMap((j) => j.draft.positions.map((p) => p.orderId))
    .filter((id) => wanted.has(id));
  return {
    locale,
    connection,
    settings: invoiceSettingsFor(settings.invoice),
    texts: panelTexts(locale),
    links: contextLinks,
    taxCases: contextTaxCases,
    buyerReferences,
    publicCustomers,
    invoicedOrderIds: [...invoiced.keys()],
    inProgressOrderIds: [...new Set(inProgress)],
    today: todayIso(),
  };
}

export async function searchContacts(req: RequestOf<'searchContacts'>): Promise<ResponseOf<'searchContacts'>> {
  try {
    const { provider } = await settingsItem.get();
    const contacts = await (await providerFor(provider)).searchContacts(req.query);
    return { ok: true, contacts };
  } catch (error) {
    return failure(error);
  }
}

const CONTACT_REQUESTS_KEPT_MS = 86_400_000;

export async function createContact(req: RequestOf<'createContact'>): Promise<ResponseOf<'createContact'>> {
  const { provider } = await settingsItem.get();
  const billing = await providerFor(provider);
  const link = async (contact: { id: string; name: string }) => {
    const createdAt = new Date().toISOString();
    await setLink(provider, customerKey(req.origin, req.customer.id), { contactId: contact.id, contactName: contact.name, linkedAt: createdAt, contactCreatedAt: createdAt });
    return createdAt;
  };
  const done = async (answer: { contact: { id: string; name: string }; createdAt: string; incomplete?: ('address' | 'email')[] }) => {
    if (req.requestId) await contactRequestsItem.update((all) => ({ ...all, [req.requestId!]: { ...all[req.requestId!]!, result: answer } }));
    return answer;
  };
  try {
    if (req.requestId) {
      const previous = (await contactRequestsItem.get())[req.requestId];
      if (previous?.result) {
        const { contact, createdAt, incomplete } = previous.result;
        return { ok: true, contact: { id: contact.id, name: contact.name }, createdAt, ...(incomplete ? { incomplete } : {}) };
      }
      if (previous) {
        // Asked before, answer unknown (the worker stopped meanwhile): find what it created.
        const wanted = req.customer.name.trim().toLowerCase();
        const found = (await billing.searchContacts(req.customer.name)).filter((c) => c.name.trim().toLowerCase() === wanted);
        if (found.length === 1) return { ok: true, ...(await done({ contact: found[0]!, createdAt: await link(found[0]!) })), contact: found[0]! };
        if (found.length > 1) return { ok: false, error: { code: 'conflict', message: 'Several contacts of that name exist; pick one' } };
      }
      const now = Date.now();
      await contactRequestsItem.update((all) => ({
        ...Object.fromEntries(Object.entries(all).filter(([, r]) => now - Date.parse(r.startedAt) < CONTACT_REQUESTS_KEPT_MS)),
        [req.requestId!]: { origin: req.origin, customerId: req.customer.id, startedAt: new Date(now).toISOString() },
      }));
    }
    const contact = await billing.createContact(req.customer);
    const answer = await done({ contact: { id: contact.id, name: contact.name }, createdAt: await link(contact) });
    return { ok: true, contact, createdAt: answer.createdAt };
  } catch (error) {
    // The contact exists but lacks its address or e-mail: link it anyway, so the user does
    // not create it a second time, and say what to complete.
    if (error instanceof IncompleteContactError) {
      const answer = await done({ contact: { id: error.contact.id, name: error.contact.name }, createdAt: await link(error.contact), incomplete: [...error.missing] });
      return { ok: true, contact: error.contact, createdAt: answer.createdAt, incomplete: [...error.missing] };
    }
    return failure(error);
  }
}

export async function linkCustomer(req: RequestOf<'linkCustomer'>): Promise<ResponseOf<'linkCustomer'>> {
  const { provider } = await settingsItem.get();
  await setLink(provider, customerKey(req.origin, req.customerId), { contactId: req.contact.id, contactName: req.contact.name, linkedAt: new Date().toISOString() });
  return { ok: true };
}

export async function setTaxCase(req: RequestOf<'setTaxCase'>): Promise<ResponseOf<'setTaxCase'>> {
  const key = customerKey(req.origin, req.customerId);
  // null: back to the automatic case; whatever else is kept for the customer stays.
  await taxCasesItem.update((cases) => {
    const { taxCase: _dropped, chosenAt: _at, ...rest } = cases[key] ?? {};
    return { ...cases, [key]: req.taxCase === null ? rest : { ...rest, taxCase: req.taxCase, chosenAt: new Date().toISOString() } };
  });
  return { ok: true };
}

export async function setBuyerReference(req: RequestOf<'setBuyerReference'>): Promise<ResponseOf<'setBuyerReference'>> {
  const key = customerKey(req.origin, req.customerId);
  await taxCasesItem.update((all) => {
    const { buyerReference: _old, ...rest } = all[key] ?? {};
    return { ...all, [key]: req.buyerReference === null ? rest : { ...rest, buyerReference: req.buyerReference } };
  });
  return { ok: true };
}

/** The Leitweg-ID is the public customer's buyer reference; switching off keeps it as a plain one. */
export async function setPublicCustomer(req: RequestOf<'setPublicCustomer'>): Promise<ResponseOf<'setPublicCustomer'>> {
  const key = customerKey(req.origin, req.customerId);
  await taxCasesItem.update((all) => {
    const { publicAuthority: _flag, vendorNumberAtCustomer: _number, ...rest } = all[key] ?? {};
    if (req.publicCustomer === null) return { ...all, [key]: rest };
    const { leitwegId, vendorNumberAtCustomer } = req.publicCustomer;
    return { ...all, [key]: { ...rest, publicAuthority: true, buyerReference: leitwegId, ...(vendorNumberAtCustomer ? { vendorNumberAtCustomer } : {}) } };
  });
  return { ok: true };
}

function refuse(code: string, message: string, extra: { orderNumbers?: string[] } = {}): ResponseOf<'createInvoice'> {
  return { ok: false, error: { code, message, ...extra } };
}

export async function createInvoice(req: RequestOf<'createInvoice'>, sender: SenderInfo, jobs: InvoiceJobs): Promise<ResponseOf<'createInvoice'>> {
  const draft: InvoiceDraft = req.draft;
  // A page may only invoice its own orders.
  if (sender.fromContentScript && sender.origin !== draft.tms.origin) return refuse('foreign-origin', 'The draft belongs to another site');
  const [settings, secrets] = await Promise.all([settingsItem.get(), secretsItem.get()]);
  if (draft.provider !== settings.provider) return refuse('provider-changed', 'The active billing system changed; open the preview again');
  // Defence in depth: the preview checked the draft already; nothing half-valid is sent.
  if (isBlocking(validateDraft(draft, { connected: secrets[draft.provider] !== undefined }))) return refuse('invalid-draft', 'The draft has blocking problems');
  // From the mandate on, a domestic B2B invoice that is no valid e-invoice is no invoice at all.
  const stored = (await taxCasesItem.get())[customerKey(draft.tms.origin, draft.customer.id)];
  const notReady = readinessProblem(draftReadiness(draft, { eInvoice: settings.invoice.eInvoice, buyerReference: stored?.buyerReference, publicCustomer: publicCustomerOf(stored) }));
  if (notReady?.code === 'xrechnung-not-ready') return refuse('invalid-draft', 'The invoice is not XRechnung ready, and a public authority accepts only XRechnungen');
  if (notReady?.severity === 'blocking') return refuse('invalid-draft', 'The invoice is not e-invoice ready, and an invoice to a German business must be one');
  const link = await getLink(draft.provider, customerKey(draft.tms.origin, draft.customer.id));
  try {
    const provider = await providerFor(draft.provider);
    const { job, reused } = await jobs.start(draft, {
      ...(sender.tabId !== undefined ? { tabId: sender.tabId } : {}),
      allowReinvoice: req.allowReinvoice,
      ...(link?.contactCreatedAt && link.contactId === draft.contact?.id ? { contactCreatedAt: link.contactCreatedAt } : {}),
      contactReadyDelayMs: provider.contactReadyDelayMs,
      ...(req.requestId ? { requestId: req.requestId } : {}),
    });
    return { ok: true, job: jobView(job), reused };
  } catch (error) {
    if (error instanceof InvoiceAlreadyCreated) return refuse('already-invoiced', error.message, { orderNumbers: error.orderNumbers });
    return failure(error);
  }
}


/** The preview's fixes open the options page at a section (content scripts can't open it). */
export async function openOptions(req: RequestOf<'openOptions'>): Promise<ResponseOf<'openOptions'>> {
  await browser.tabs.create({ url: `${browser.runtime.getURL('/options.html')}${req.section ? `#${req.section}` : ''}` });
  return { ok: true };
}
