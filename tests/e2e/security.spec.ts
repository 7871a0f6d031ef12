/** Security promises, checked the way an attacker or an auditor would look. */
import { test, expect, config } from './fixtures';
import { OptionsPage, OrdersPage, previewFromDetail } from './users';
import type { browser } from 'wxt/browser';
import { fullDom, spyOnContentScript, spyOnExtensionPage, spyOnWorker } from './spy';

/** The extension's APIs inside its own worker (evaluated there, typed here). */
declare const chrome: typeof browser;

const KEY = config.lexwareKey;

test('the API key appears in no message, log line, DOM, error text or synced storage', async ({ context, page, serviceWorker, extensionId, sandbox }) => {
  void sandbox;
  const consoleLines: string[] = [];
  context.on('console', (message) => consoleLines.push(message.text()));
  const worker = await spyOnWorker(serviceWorker);

  // Enter the key, test it, replace it with a wrong one (an error), and put it back.
  const options = await OptionsPage.open(context, extensionId);
  const optionsSpy = await spyOnExtensionPage(options.page);
  await options.saveKey('Lexware Office', KEY);
  const lexware = options.keySection('Lexware Office');
  await expect(lexware.getByRole('status')).toContainText('Connected to');
  await lexware.getByRole('button', { name: 'Test connection' }).click();
  await expect(lexware.getByRole('status')).toContainText('Connected to');
  await options.saveKey('Lexware Office', `${KEY}-wrong`);
  await expect(lexware.getByRole('alert')).toContainText('refused the API key');
  await options.saveKey('Lexware Office', KEY);
  await expect(lexware.getByRole('status')).toContainText('Connected to');

  // Use it: a whole invoice from the TMS page, and the popup.
  const preview = await previewFromDetail(page, 'o-0001');
  const content = await spyOnContentScript(context, page);
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await preview.createAndWait();
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const popupSpy = await spyOnExtensionPage(popup);
  await popup.reload();
  await expect(popup.getByRole('heading', { level: 1 })).toBeVisible();

  const places: Record<string, string> = {
    'messages and logs of the background': (await worker()).join('\n'),
    'messages and logs of the options page': (await optionsSpy()).join('\n'),
    'messages and logs of the popup': (await popupSpy()).join('\n'),
    'messages and logs of the content script': (await content.read()).join('\n'),
    'console lines of every page': consoleLines.join('\n'),
    'the TMS page (with the extension\'s shadow roots)': await fullDom(page),
    'the options page': await fullDom(options.page),
    'the popup': await fullDom(popup),
    'synced storage': JSON.stringify(await serviceWorker.evaluate(() => chrome.storage.sync.get(null))),
    'local storage other than the keys': JSON.stringify(
      await serviceWorker.evaluate(async () => {
        const all = await chrome.storage.local.get(null);
        delete all.secrets;
        return all;
      }),
    ),
  };
  // The spies did see traffic: the check is not vacuous.
  expect(places['messages and logs of the content script']).toContain('createInvoice');
  expect(places['messages and logs of the options page']).toContain('saveApiKey');
  for (const [place, text] of Object.entries(places)) {
    expect(text.includes(KEY), `the key appears in ${place}`).toBe(false);
  }
  // The key is where it belongs.
  const secrets = await serviceWorker.evaluate(() => chrome.storage.local.get('secrets'));
  expect(JSON.stringify(secrets)).toContain(KEY);
});

test('content scripts cannot read the extension\'s storage', async ({ context, page, sandbox }) => {
  void sandbox;
  await OrdersPage.open(page);
  const content = await spyOnContentScript(context, page);
  const result = await content.run(`chrome.storage.local.get(null).then(() => 'readable', (e) => 'refused: ' + e.message)`);
  expect(String(result)).toMatch(/^refused/);
});

test('malformed and unknown messages are refused and logged without their payload', async ({ context, page, serviceWorker, sandbox }) => {
  void sandbox;
  const worker = await spyOnWorker(serviceWorker);
  await OrdersPage.open(page);
  const content = await spyOnContentScript(context, page);
  const secret = 'payload-secret-4711';
  const malformed = await content.run(
    `chrome.runtime.sendMessage({ id: 1, type: 'createInvoice', timestamp: Date.now(), data: { draft: { evil: '${secret}' }, allowReinvoice: [] } }).then((a) => JSON.stringify(a), (e) => 'error ' + e.message)`,
  );
  expect(String(malformed)).toContain('Refused: malformed');
  const unknown = await content.run(
    `chrome.runtime.sendMessage({ id: 2, type: 'exportKeys', timestamp: Date.now(), data: '${secret}' }).then((a) => JSON.stringify(a), (e) => 'error ' + e.message)`,
  );
  expect(String(unknown)).not.toContain(config.lexwareKey);
  const logs = (await worker()).filter((line) => line.startsWith('console.'));
  expect(logs.join('\n')).toContain('refused malformed \\"createInvoice\\" message');
  expect(logs.join('\n')).toContain('refused an unknown message \\"exportKeys\\"');
  expect(logs.join('\n')).not.toContain(secret);
});

test('page text is rendered as text, never as HTML', async ({ context, extensionId, page, sandbox }) => {
  void sandbox;
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const options = await OptionsPage.open(context, extensionId);
  await options.saveKey('Lexware Office', KEY);
  await options.page.close();

  // The goods of o-0052 are "<img src=x onerror=alert(1)>"; its customer is
  // Frost & Frische <Kühllogistik> "Nord" GmbH.
  const preview = await previewFromDetail(page, 'o-0052');
  await expect(preview.dialog.getByText('Frost & Frische <Kühllogistik> "Nord" GmbH').first()).toBeVisible();
  await expect(preview.dialog.getByLabel('Description')).toHaveValue(/Ladung: <img src=x onerror=alert\(1\)>/);
  const injected = await page.evaluate(() => {
    const hosts = [...document.querySelectorAll('frachtbeleg-ui, frachtbeleg-action')];
    return hosts.reduce((n, host) => n + (host.shadowRoot?.querySelectorAll('img').length ?? 0), 0);
  });
  expect(injected).toBe(0);

  // The hostile customer reference of o-0042 in the bar and the preview.
  await page.keyboard.press('Escape');
  const orders = await OrdersPage.open(page, '?q=LS%202026');
  await orders.select('A-2026-0453');
  const second = await orders.createInvoice();
  await expect(second.dialog.getByLabel('Description')).toHaveValue(/LS 2026\/118 "Rohbau" <Los 3> & 'Halle B'/);
  expect(dialogs).toEqual([]);
});
