/** A write-back that needs the TMS page goes to an open tab of the order's site, and waits without one. */
import { describe, expect, it, vi } from 'vitest';
import { gridRecipe } from '@/tests/support/grid-recipe';
import { recordedInvoice } from '@/tests/support/jobs';
import { tabWriteBack } from './tab-write-back';

const ORIGIN = 'https://grid.example.com';

describe('tabWriteBack', () => {
  it('waits ("Open the TMS") with no tab open, and sends nothing itself', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const result = await tabWriteBack(gridRecipe(ORIGIN), async () => []).recordInvoice(ORIGIN, 'o-1', recordedInvoice);
    expect(result).toEqual({ ok: false, retryable: true, reason: 'unreachable', detail: 'Open the TMS to finish recording.' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks the open tab, which answers for its recipe revision; a tab without our script is skipped', async () => {
    const asked: unknown[] = [];
    const send = async (data: unknown, tabId: number) => {
      if (tabId === 1) throw new Error('Could not establish connection. Receiving end does not exist.');
      asked.push([tabId, data]);
      return { ok: true as const, alreadyRecorded: false };
    };
    const result = await tabWriteBack(gridRecipe(ORIGIN), async () => [1, 2], send).recordInvoice(ORIGIN, 'o-1', recordedInvoice);
    expect(result).toEqual({ ok: true, alreadyRecorded: false });
    expect(asked).toEqual([[2, expect.objectContaining({ recipeId: gridRecipe(ORIGIN).id, revision: 1, origin: ORIGIN, orderId: 'o-1' })]]);
  });
});
