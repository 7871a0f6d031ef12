import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { allowContentScriptsFrom, handle, logUnknownMessages } from '@/utils/messaging';
import { getPanelContext, getStatus } from './handlers/status';
import { restrictStorageToTrustedContexts } from './services/storage-access';
import { createJobs } from './services/job-service';
import { restoreRunBadge, showWaitingForUser } from './services/run-badge';
import { createContact, createInvoice, getInvoicingContext, linkCustomer, openOptions, searchContacts, setBuyerReference, setPublicCustomer, setTaxCase } from './handlers/invoicing';
import { getKeyStatus, removeApiKey, saveApiKey, testConnection } from './handlers/api-keys';
import { getActivity } from './handlers/activity';
import { getJob, resolveJob } from './handlers/jobs';
import { controlBillingRun, getBillingRun, startBillingRun } from './handlers/billing-runs';
import { addSite, frameSiteOf, getSiteAdapter, getSites, isTmsSite, removeSite, seedSandboxSite, setSiteWritePaid, siteOriginsChanged, syncRegistrations } from './handlers/tms-sites';
import { addRecipeTest, getRecipe, getRecipes, removeRecipe, saveRecipe, setRecipeWriteBack, setSiteAdapter } from './handlers/recipes';
import { listCustomers, setBillingMode, suggestContacts, unlinkCustomer } from './handlers/customer-links';
import { getLedgerMarks } from './handlers/ledger-marks';
import { fetchTmsPage } from './handlers/tms-pages';
import { loadPanel } from './handlers/panel';
import { bookCustomers, bookOrders, bookTotals, openBook, queryBook } from './handlers/book';
import { createBookExports } from './handlers/book-exports';
import { invoiceBook, invoicedOrders } from './services/book';
import { downloadEInvoice, getCompanyData, getSevdeskPaymentMethods } from './handlers/e-invoice';
import { confirmExternalMatch, createBookPayments, createReminder, findExternalInvoices, pollPayments } from './handlers/book-payments';
import { correctInvoice, getCorrectionOptions, getOrderInvoice, releaseInvoicedOrders, type CorrectionDeps } from './handlers/corrections';
import { correctionClient } from './services/providers';
import { keepAlive, writeBackFor } from './services/job-service';
import { currentLocale } from './services/locale';
import { BOOK_POLL_ALARM, ensureBookPollAlarm } from './services/book-poll';
import { AUTO_DRAFTS_TEST_GLOBAL, CONNECT_TEST_GLOBAL, connectForTests, resetToFreshInstall, SANDBOX_RESET_GLOBAL } from './sandbox-reset';
import { benchHooks, SANDBOX_BENCH_GLOBAL } from './sandbox-bench';
import { getAutoDrafts, setAutoDrafts } from './handlers/auto-drafts';
import { AUTO_DRAFTS_ALARM, autoDraftOriginOf, ensureAutoDraftsAlarm, notifier, runAutoDrafts, tabReader, waitingCount, type AutoDraftDeps, type PassTrigger } from './services/auto-drafts';
import { createTranslator } from '@/utils/i18n/translate';
import { builderFrameAccess, closeBuilder, forgetBuilder, frameAccessChanged, getBuilder, getBuilderFrameAccess, getBuilderTests, openBuilder, openBuilderInFrames, putBuilder, reloadBuilderTab, reopenBuilder, reteachField, saveBuiltRecipe, teachAgain } from './handlers/builder';
import { urlOrigin } from '@/utils/site-origin';

const JOBS_ALARM = 'frachtbeleg-jobs';

export default defineBackground(() => {
  const { journal, jobs, runJournal, runs } = createJobs();
  const bookPayments = createBookPayments(runJournal);
  // Automatic drafts: ordinary billing runs of drafts, started by the alarm or a TMS tab.
  const autoDrafts: AutoDraftDeps = {
    runs,
    runJournal,
    journal,
    invoicedOrders: async (origin, ids) => new Set((await invoicedOrders(origin, ids)).keys()),
    fetch: (...args) => fetch(...args),
    now: () => new Date(),
    notify: notifier(async (origin, count) => {
      const t = createTranslator(await currentLocale());
      return { title: t('autoDrafts.notificationTitle'), message: t('autoDrafts.notificationText', { count, site: new URL(origin).host }) };
    }),
    badge: showWaitingForUser,
    // Recipe sites: their list is a page, read by an open tab of the site.
    readInTab: tabReader(),
  };
  const autoDraftPass = (trigger: PassTrigger, origin?: string) =>
    keepAlive(() => runAutoDrafts(autoDrafts, trigger, origin)).catch((error: unknown) =>
      console.warn('[frachtbeleg] automatic drafts failed:', error instanceof Error ? error.message : error),
    );
  const corrections: CorrectionDeps = {
    book: invoiceBook,
    client: correctionClient,
    adapterOfJob: async (jobId) => (await journal.get(jobId))?.draft.tms.adapter,
    writeBack: writeBackFor,
    locale: currentLocale,
    now: () => new Date(),
    invoicedOrders,
  };

  // Listeners are registered synchronously, first thing: a worker woken by a message or an
  // alarm must find its handler in place (see README, "Service worker").
  handle('ping', () => ({ version: browser.runtime.getManifest().version, sandbox: __SANDBOX__ !== null }));
  handle('loadPanel', (_req, sender) => loadPanel(sender));
  handle('getPanelContext', () => getPanelContext());
  handle('getStatus', () => getStatus());
  handle('getInvoicingContext', (req) => getInvoicingContext(req, journal));
  handle('searchContacts', (req) => searchContacts(req));
  handle('createContact', (req) => createContact(req));
  handle('linkCustomer', (req) => linkCustomer(req));
  handle('setTaxCase', (req) => setTaxCase(req));
  handle('setBuyerReference', (req) => setBuyerReference(req));
  handle('setPublicCustomer', (req) => setPublicCustomer(req));
  handle('openOptions', (req) => openOptions(req));
  handle('createInvoice', (req, sender) => createInvoice(req, sender, jobs));
  handle('getJob', (req) => getJob(req, journal));
  handle('resolveJob', (req) => resolveJob(req, jobs));
  handle('startBillingRun', (req, sender) => startBillingRun(req, sender, runs));
  handle('getBillingRun', (req, sender) => getBillingRun(req, sender, runJournal));
  handle('controlBillingRun', (req, sender) => controlBillingRun(req, sender, runs, runJournal));
  handle('getKeyStatus', () => getKeyStatus());
  handle('saveApiKey', (req) => saveApiKey(req));
  handle('removeApiKey', (req) => removeApiKey(req));
  handle('testConnection', (req) => testConnection(req));
  handle('getActivity', () => getActivity(journal));
  handle('getSites', () => getSites());
  handle('getSiteAdapter', (req, sender) => getSiteAdapter(req, sender));
  handle('addSite', (req) => addSite(req));
  handle('removeSite', (req) => removeSite(req));
  handle('setSiteAdapter', (req) => setSiteAdapter(req));
  handle('setSiteWritePaid', (req) => setSiteWritePaid(req));
  handle('getRecipes', () => getRecipes());
  handle('getRecipe', (req) => getRecipe(req));
  handle('addRecipeTest', (req, sender) => addRecipeTest(req, sender));
  handle('saveRecipe', (req) => saveRecipe(req));
  handle('removeRecipe', (req) => removeRecipe(req));
  handle('setRecipeWriteBack', (req) => setRecipeWriteBack(req));
  handle('openBuilder', (req) => openBuilder(req));
  handle('getBuilder', (_req, sender) => getBuilder(sender));
  handle('putBuilder', (req, sender) => putBuilder(req, sender));
  handle('closeBuilder', (_req, sender) => closeBuilder(sender));
  handle('openBuilderInFrames', (_req, sender) => openBuilderInFrames(sender));
  handle('reloadBuilderTab', (_req, sender) => reloadBuilderTab(sender));
  handle('builderFrameAccess', (req, sender) => builderFrameAccess(req, sender));
  handle('getBuilderFrameAccess', (req) => getBuilderFrameAccess(req));
  handle('saveBuiltRecipe', (_req, sender) => saveBuiltRecipe(sender));
  handle('teachAgain', (_req, sender) => teachAgain(sender));
  handle('getLedgerMarks', (req, sender) => getLedgerMarks(req, sender));
  handle('getBuilderTests', (_req, sender) => getBuilderTests(sender));
  handle('reteachField', (req, sender) => reteachField(req, sender));
  handle('fetchTmsPage', (req, sender) => fetchTmsPage(req, sender));
  handle('listCustomers', (req) => listCustomers(req));
  handle('suggestContacts', (req) => suggestContacts(req));
  handle('unlinkCustomer', (req) => unlinkCustomer(req));
  handle('setBillingMode', (req) => setBillingMode(req));
  handle('queryBook', (req, sender) => queryBook(req, sender));
  handle('bookTotals', (req, sender) => bookTotals(req, sender));
  handle('bookOrders', (req, sender) => bookOrders(req, sender));
  handle('bookCustomers', (_req, sender) => bookCustomers(sender));
  handle('openBook', (req) => openBook(req));
  const bookExports = createBookExports({ book: invoiceBook });
  handle('getExportSettings', () => bookExports.getExportSettings());
  handle('saveExportSettings', (req) => bookExports.saveExportSettings(req));
  handle('planBookExport', (req) => bookExports.planBookExport(req));
  handle('runBookExport', (req) => bookExports.runBookExport(req));
  handle('listBookExports', () => bookExports.listBookExports());
  handle('previewBookExport', (req) => bookExports.previewBookExport(req));
  handle('rerunBookExport', (req) => bookExports.rerunBookExport(req));
  handle('getSevdeskPaymentMethods', (req) => getSevdeskPaymentMethods(req));
  handle('getCompanyData', (req) => getCompanyData(req));
  handle('downloadEInvoice', (req, sender) => downloadEInvoice(req, sender, journal));
  handle('pollPayments', () => pollPayments(bookPayments, 'opened'));
  handle('createReminder', (req) => createReminder(bookPayments, req));
  handle('findExternalInvoices', (req, sender) => findExternalInvoices(bookPayments, req, sender));
  handle('confirmExternalMatch', (req) => confirmExternalMatch(bookPayments, req));
  handle('getCorrectionOptions', (req, sender) => getCorrectionOptions(corrections, req, sender));
  handle('correctInvoice', (req, sender) => correctInvoice(corrections, req, sender));
  handle('releaseInvoicedOrders', (req, sender) => releaseInvoicedOrders(corrections, req, sender));
  handle('getOrderInvoice', (req, sender) => getOrderInvoice(corrections, req, sender));
  handle('getAutoDrafts', () => getAutoDrafts());
  handle('setAutoDrafts', (req) =>
    setAutoDrafts(req, {
      now: () => new Date(),
      startPass: (origin) => void autoDraftPass('enabled', origin),
      refreshBadge: async () => showWaitingForUser(await waitingCount()),
    }),
  );
  // Content scripts may talk to the background only from the TMS sites the user added.
  // A recipe's detail frame on its second origin speaks for the site of its tab's top page.
  allowContentScriptsFrom(isTmsSite, frameSiteOf);
  logUnknownMessages();

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install' && __SANDBOX__) void seedSandboxSite(__SANDBOX__.tms).then(syncRegistrations);
  });
  // The sandbox world's E2E suite resets the extension between tests of one file (see sandbox-reset.ts).
  if (__SANDBOX__) {
    const tms = __SANDBOX__.tms;
    Object.assign(globalThis, { [SANDBOX_RESET_GLOBAL]: () => resetToFreshInstall(tms), [CONNECT_TEST_GLOBAL]: connectForTests, [SANDBOX_BENCH_GLOBAL]: benchHooks });
    // The E2E suite cannot wait 15 minutes for the alarm: it runs the alarm's pass itself.
    Object.assign(globalThis, { [AUTO_DRAFTS_TEST_GLOBAL]: () => runAutoDrafts(autoDrafts, 'alarm') });
  }

  // A tab being taught gets its builder back after each page load (list → detail page).
  browser.tabs.onUpdated.addListener((tabId, info, tab) => {
    if (info.status === 'complete') void reopenBuilder(tabId, tab.url);
  });
  // A tab of a site with automatic drafts on: a pass for that site (not again within minutes).
  browser.tabs.onUpdated.addListener((_tabId, info, tab) => {
    if (info.status !== 'complete') return;
    void autoDraftOriginOf(tab.url).then((origin) => (origin ? autoDraftPass('tab', origin) : undefined));
  });
  // A tab of a TMS site loaded: write-backs waiting there (signed out after a browser restart) try again now.
  browser.tabs.onUpdated.addListener((_tabId, info, tab) => {
    if (info.status !== 'complete' || !tab.url) return;
    const origin = urlOrigin(tab.url);
    if (origin) void isTmsSite(origin).then((known) => (known ? jobs.retryWriteBacksOn(origin) : 0)).catch(() => undefined);
  });
  browser.tabs.onRemoved.addListener((tabId) => void forgetBuilder(tabId));
  // A site or a recipe's second origin granted (or revoked) on an options or popup click:
  // the content scripts follow, so a detail frame on that origin gets "Create invoice".
  const permissionsChanged = () => {
    siteOriginsChanged();
    void syncRegistrations().catch(() => undefined);
    // A builder that waited for this origin goes into its frame.
    void frameAccessChanged().catch(() => undefined);
  };
  browser.permissions.onAdded?.addListener(permissionsChanged);
  browser.permissions.onRemoved?.addListener(permissionsChanged);

  // Payment status every 30 minutes while the browser runs (skipped during a billing run).
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== BOOK_POLL_ALARM) return;
    void pollPayments(bookPayments, 'alarm').catch((error: unknown) => console.warn('[frachtbeleg] payment status check failed:', error instanceof Error ? error.message : error));
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === AUTO_DRAFTS_ALARM) void autoDraftPass('alarm');
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== JOBS_ALARM) return;
    void jobs.resumeAll();
    void runs.resumeAll();
  });

  void restrictStorageToTrustedContexts();
  void syncRegistrations().catch((error: unknown) => console.error('[frachtbeleg] could not register the content script:', error instanceof Error ? error.message : error));
  // Alarms may be cleared on browser restart: make sure the tick exists on every start.
  void browser.alarms.get(JOBS_ALARM).then(async (existing) => {
    if (!existing) await browser.alarms.create(JOBS_ALARM, { periodInMinutes: 1 });
  });
  void ensureBookPollAlarm(browser.alarms);
  void ensureAutoDraftsAlarm(browser.alarms);
  // A worker stopped mid-job resumes from the journal; a run catches up with its jobs and goes on.
  void jobs.resumeAll();
  void runs.resumeAll();
  void runJournal
    .list()
    .then(restoreRunBadge)
    .then(async () => showWaitingForUser(await waitingCount()));
  void journal.prune(new Date());
  void runJournal.prune(new Date());
});
