/**
 * Everything before the first measurement: free ports, the sandbox build for those ports, a
 * generated seed with a 1,000-row list and a key account, the sandbox world, and Chromium
 * with the extension, connected to Lexware Office with the company data filled in and the
 * key account linked, through the UI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { generateSeed } from '../sandbox/tms/generate-seed';
import { routeOf } from '../utils/domain/draft-tax';
import { classifyFreightTax } from '../utils/domain/freight-tax';
import type { Seed } from '../sandbox/tms/seed';
import { chromiumPath, QUIET_FLAGS } from '../scripts/chromium';

export const BENCH_BUILD_DIR = path.resolve('.output/bench/chrome-mv3-sandbox');

/** The generated world: 2,000 orders, a German key account holding half of them. */
export const SEED_OPTIONS = { orders: 2000, keyAccountShare: 0.5, seed: 1 } as const;
export const LIST_ROWS = 1000;
export const COLLECTIVE_ORDERS = 300;

/** Every port the sandbox build and world use (sandbox/config.ts). */
export const SANDBOX_PORT_VARIABLES = [
  'SANDBOX_TMS_PORT',
  'SANDBOX_LEXWARE_PORT',
  'SANDBOX_SEVDESK_PORT',
  'SANDBOX_LEGACY_PORT',
  'SANDBOX_GRID_PORT',
  'SANDBOX_FRAMES_PORT',
  'SANDBOX_FRAMES_DETAIL_PORT',
] as const;

/** JSON from a sandbox endpoint; any status other than 2xx is an error naming the request. */
export async function http<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const post = <T>(url: string, body?: unknown) =>
  http<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** `wxt build --mode sandbox` into .output/bench, with the ports baked in from `env`. */
export function buildExtension(env: NodeJS.ProcessEnv, configFile = 'bench/wxt.config.ts'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['wxt', 'build', '--mode', 'sandbox', '-c', configFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wxt build failed (${code}):\n${output}`))));
  });
}

export interface KeyAccount {
  id: string;
  name: string;
  /**
   * Delivered, not invoiced EUR orders under domestic VAT, in the list's order (newest
   * delivery first). One invoice takes one tax case (draft-tax.ts blocks a mix): the key
   * account's export and import freight (tax-exempt) is invoiced apart, as a user would.
   */
  billable: string[];
}

export function writeSeed(dir: string): { path: string; seed: Seed; keyAccount: KeyAccount } {
  const seed = generateSeed(SEED_OPTIONS);
  const file = path.join(dir, 'seed.json');
  writeFileSync(file, JSON.stringify(seed));
  const customer = seed.customers[0]!;
  const lastDelivery = (o: Seed['orders'][number]) => o.stops.filter((s) => s.type === 'delivery').at(-1)?.date ?? o.stops.at(-1)!.date;
  const billable = seed.orders
    .filter((o) => o.customerId === customer.id && o.status === 'delivered' && o.price.currency === 'EUR')
    .filter((o) => classifyFreightTax({ countryCode: customer.billingAddress.countryCode, vatId: customer.vatId ?? undefined }, routeOf(o)).taxCase === 'domestic')
    .sort((a, b) => lastDelivery(b).localeCompare(lastDelivery(a)) || a.number.localeCompare(b.number, 'en', { numeric: true }))
    .map((o) => o.id);
  if (billable.length < COLLECTIVE_ORDERS) throw new Error(`the seed gives the key account only ${billable.length} billable orders`);
  return { path: file, seed, keyAccount: { id: customer.id, name: customer.name, billable } };
}

export async function launch(profileRoot: string, withExtension: boolean, extensionDir = BENCH_BUILD_DIR): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(profileRoot, withExtension ? 'profile-' : 'profile-plain-'));
  const extension = withExtension ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    locale: 'en-US',
    viewport: { width: 1400, height: 900 },
    args: [...QUIET_FLAGS, ...extension],
  });
}

export async function extensionIdOf(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return new URL(worker.url()).host;
}

/**
 * The content script runs on the demo TMS either from the manifest or, in newer builds,
 * registered by the background at install time (chrome.scripting): pages opened before that
 * would run without the extension.
 */
export async function waitForContentScript(context: BrowserContext, tmsOrigin: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(BENCH_BUILD_DIR, 'manifest.json'), 'utf8')) as { content_scripts?: { matches?: string[] }[] };
  if (manifest.content_scripts?.some((c) => c.matches?.some((m) => m.startsWith(tmsOrigin)))) return;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const matches = (await worker
      .evaluate('chrome.scripting.getRegisteredContentScripts().then((scripts) => scripts.flatMap((s) => s.matches || []))')
      .catch(() => [])) as string[];
    if (matches.some((m) => m.startsWith(tmsOrigin))) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no content script registered for ${tmsOrigin}`);
}

/** Closes every tab but `keep`, so one renderer holds one TMS page when memory is read. */
export async function closeOtherPages(context: BrowserContext, keep?: Page): Promise<void> {
  for (const page of context.pages()) if (page !== keep) await page.close();
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    platform: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

/**
 * Saves the Lexware key and the user's company data for e-invoices in the options, as
 * `connect` in the e2e helpers does (with more patience on a busy machine): without the
 * company data a domestic business invoice is not e-invoice ready, which blocks it from the
 * mandate's start (utils/domain/draft-readiness.ts).
 */
export async function connectLexware(context: BrowserContext, extensionId: string, key: string): Promise<void> {
  const { OptionsPage, fillCompanyData } = await import('../tests/e2e/users');
  const options = await OptionsPage.open(context, extensionId);
  await options.saveKey('Lexware Office', key);
  await options.keySection('Lexware Office').getByRole('status').filter({ hasText: 'Connected to' }).waitFor({ timeout: 30_000 });
  await fillCompanyData(options.page);
  await options.page.close();
}

/** Links the key account to a new Lexware contact through the preview, as a user does once. */
export async function linkKeyAccount(context: BrowserContext, keyAccount: KeyAccount, numberOf: (id: string) => string): Promise<void> {
  const { OrdersPage } = await import('../tests/e2e/users');
  const page = await context.newPage();
  const orders = await OrdersPage.open(page, `?customer=${keyAccount.id}&status=delivered`);
  await orders.select(numberOf(keyAccount.billable[0]!));
  const preview = await orders.createInvoice();
  await preview.dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
  // Newer builds ask to confirm the details sent to the billing system first.
  const confirm = preview.dialog.getByRole('button', { name: 'Create and link' });
  const linked = preview.dialog.getByText(`Linked to ${keyAccount.name}`);
  await confirm.or(linked).first().waitFor();
  if (await confirm.isVisible()) await confirm.click();
  await linked.waitFor();
  await page.close();
}

/**
 * Forgets the invoices and finished jobs of earlier runs (the invoice book, the old ledger if
 * it is still there, and the job journal), so the same 300 orders can be invoiced again and
 * every run starts like the first invoice on a fresh install. Done only between runs, with
 * no job running.
 */
export async function clearInvoiceState(context: BrowserContext, extensionId: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  // The journal keeps one key per job (job:<id>) and an index of them. The old ledger is
  // emptied only where it still exists: after its move into the book a new one would read as
  // "appeared again" (entrypoints/background/services/book.ts).
  await page.evaluate(`(async () => {
    const all = await chrome.storage.local.get(null);
    await chrome.storage.local.remove(Object.keys(all).filter((k) => k.startsWith('job:') || k === 'jobIndex' || k === 'jobs'));
    if ('ledger' in all) await chrome.storage.local.set({ ledger: [] });
  })()`);
  // The book (utils/book/db.ts) is the extension origin's IndexedDB, owned by the background:
  // it is emptied through the background's own connection (the sandbox build's bench hooks),
  // so what the background keeps between questions ("is it invoiced?", the count) hears of it.
  const worker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(`globalThis.__frachtbelegBench.clearBook()`);
  await page.close();
}
