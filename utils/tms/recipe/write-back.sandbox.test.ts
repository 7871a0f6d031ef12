// @vitest-environment node
/**
 * The demo recipe's HTTP write-back against the real demo TMS, in-process: one invoice
 * event with the link, and on a repeated job no second event (the probe finds the link).
 * The recipe's single step does not set the status (the code adapter's second request):
 * one step per recipe is the format's limit today.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordedInvoice } from '@/tests/support/jobs';
import { startEmulator, type RunningServer } from '../../../sandbox/kit/http';
import { createDemoTms, loadSeed } from '../../../sandbox/tms/server';
import demoRecipeJson from '../demo/demo.recipe.json';
import { validateRecipe } from './schema';
import { writeBackFromRecipe } from './write-back';

let tms: RunningServer;
let cookie: string;

const invoice = recordedInvoice;

interface StoredOrder {
  id: string;
  events: { type: string; text: string; link?: { url: string; label: string } }[];
}

const sandbox = async <T>(path: string): Promise<T> => (await (await fetch(`${tms.url}/__sandbox/${path}`)).json()) as T;
const order = async (id: string) => (await sandbox<StoredOrder[]>('orders')).find((o) => o.id === id)!;

beforeAll(async () => {
  tms = await startEmulator(createDemoTms({ seed: loadSeed() }), 0);
});
afterAll(() => tms.close());
beforeEach(async () => {
  await fetch(`${tms.url}/__sandbox/reset`, { method: 'POST' });
  const res = await fetch(`${tms.url}/orders`);
  await res.text();
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
});

function writeBack() {
  // The recipe serves the fixtures' origin; here the sandbox runs on a free port.
  const checked = validateRecipe({ ...demoRecipeJson, sites: [new URL(tms.url).origin] });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  const browserFetch: typeof fetch = (input, init = {}) => fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
  return writeBackFromRecipe(checked.recipe, browserFetch);
}

describe('the demo recipe writes back to the demo TMS', () => {
  it('adds one invoice event with the link; a repeated job only looks', async () => {
    const origin = new URL(tms.url).origin;
    const before = (await order('o-0001')).events.length;
    expect(await writeBack().recordInvoice(origin, 'o-0001', invoice)).toEqual({ ok: true, alreadyRecorded: false });
    const after = await order('o-0001');
    expect(after.events.slice(before)).toMatchObject([{ type: 'invoice', text: 'Invoice RE0001 created in Lexware Office', link: { url: invoice.url, label: 'Lexware Office RE0001' } }]);

    expect(await writeBack().recordInvoice(origin, 'o-0001', invoice)).toEqual({ ok: true, alreadyRecorded: true });
    expect((await order('o-0001')).events.filter((e) => e.type === 'invoice')).toHaveLength(1);
  });

  it('an unknown order → not-found', async () => {
    expect(await writeBack().recordInvoice(new URL(tms.url).origin, 'o-9999', invoice)).toEqual({ ok: false, retryable: false, reason: 'not-found' });
  });
});
