import { afterEach, describe, expect, it } from 'vitest';
import { showAdapterMissing } from './page-notice';
import { panelTexts } from '@/utils/i18n/translate';

afterEach(() => document.body.replaceChildren());

const notice = () => document.querySelector('frachtbeleg-notice')?.shadowRoot?.querySelector('[role="alert"]') ?? null;

describe('a TMS site whose adapter is missing', () => {
  it('says so on the page, in the user\'s language, naming the adapter as text', () => {
    showAdapterMissing('<b>old-tms</b>', 'de', panelTexts('de'));
    const alert = notice()!;
    expect(alert.textContent).toContain('Frachtbeleg kann dieses TMS nicht lesen');
    expect(alert.textContent).toContain('„<b>old-tms</b>“');
    expect(alert.querySelector('b')).toBeNull();
  });

  it('goes away when the user closes it', () => {
    showAdapterMissing('old-tms', 'en', panelTexts('en'));
    const close = [...notice()!.querySelectorAll('button')].find((b) => b.textContent === 'Close')!;
    close.click();
    expect(notice()).toBeNull();
  });
});
