/**
 * A recipe write-back that needs the TMS page (a header from its `<meta>` or cookie, or its
 * captured sign-in) runs in an open tab of the order's site (recipes.md § 3.7): the tab reads
 * those values and sends the requests; the background never sees them. With no such tab (or
 * none signed in yet) nothing is sent and the job waits, retried like an unreachable TMS:
 * "Open the TMS to finish recording".
 */
import { browser } from 'wxt/browser';
import { request, type RequestOf } from '@/utils/messaging';
import type { TmsWriteBack, WriteBackResult } from '@/utils/tms/adapter';
import type { Recipe } from '@/utils/tms/recipe/schema';
import { OPEN_THE_TMS, writeBackFromRecipe } from '@/utils/tms/recipe/write-back';
import { originPattern } from '@/utils/site-origin';

/** The open tabs showing this origin (the host permission lets us see their URLs). */
export async function tabsOf(origin: string): Promise<number[]> {
  const tabs = await browser.tabs.query({ url: originPattern(origin) }).catch(() => []);
  return tabs.flatMap((t) => {
    if (t.id === undefined) return [];
    try {
      return !t.url || new URL(t.url).origin === origin ? [t.id] : [];
    } catch {
      return [];
    }
  });
}

type SendToTab = (data: RequestOf<'recordInTmsTab'>, tabId: number) => Promise<WriteBackResult>;

export function tabWriteBack(recipe: Recipe, tabs: (origin: string) => Promise<number[]> = tabsOf, send: SendToTab = (data, tabId) => request('recordInTmsTab', data, tabId)): TmsWriteBack {
  // Without a page it answers everything it can decide alone (ledger, disabled, another
  // site) and otherwise says it waits for a tab; it sends nothing either way.
  const alone = writeBackFromRecipe(recipe);
  return {
    id: alone.id,
    async recordInvoice(origin, orderId, invoice): Promise<WriteBackResult> {
      const local = await alone.recordInvoice(origin, orderId, invoice);
      if (local.ok || local.detail !== OPEN_THE_TMS) return local;
      let answer: WriteBackResult = local;
      for (const tabId of await tabs(origin)) {
        try {
          answer = await send({ recipeId: recipe.id, revision: recipe.revision, origin, orderId, invoice }, tabId);
        } catch {
          continue; // A tab without our script (reloaded extension, another page): the next one.
        }
        // A tab not signed in yet or on another revision: another tab may do it.
        if (answer.ok || !answer.retryable || answer.reason !== 'unreachable') return answer;
      }
      return answer;
    },
  };
}
