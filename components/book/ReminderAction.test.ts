import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import ReminderAction from './ReminderAction.vue';
import { click, flush, getByRole, queryByRole, textOf } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import type { Locale } from '@/utils/i18n/translate';
import type { ResponseOf } from '@/utils/messaging';

enableAutoUnmount(afterEach);

const reminder = { id: 'dn-1', url: 'https://app.lexware.de/permalink/dunnings/edit/dn-1', createdAt: '2026-12-05T09:00:00.000Z' };

async function mountAction(props: { overdue?: boolean; reminderUrl?: string | null } = {}, locale: Locale = 'en') {
  const wrapper = mount(ReminderAction, {
    props: { invoiceKey: 'lexware|lx-1', provider: 'lexware', overdue: props.overdue ?? true, reminderUrl: props.reminderUrl ?? null, invoiceNumber: 'RE0001' },
    global: { plugins: plugins(locale) },
    attachTo: document.body,
  });
  await flush();
  return wrapper;
}

describe('ReminderAction', () => {
  it('creates the reminder for an overdue invoice and shows its link', async () => {
    const background = fakeBackground({ createReminder: () => ({ ok: true, existing: false, reminder }) }, 'book.html');
    const wrapper = await mountAction();
    await click(getByRole(wrapper, 'button', 'Create payment reminder (RE0001)'));
    await flush();
    expect(background.callsOf('createReminder')).toEqual([{ invoiceKey: 'lexware|lx-1' }]);
    const link = getByRole(wrapper, 'link', 'Open the reminder in Lexware Office');
    expect(link.getAttribute('href')).toBe(reminder.url);
    expect(textOf(getByRole(wrapper, 'status'))).toBe('Reminder created in Lexware Office. Send it from there.');
    expect(queryByRole(wrapper, 'button')).toBeNull();
    expect(wrapper.emitted('created')).toEqual([[reminder]]);
  });

  it('shows the link of a reminder made before, without a button', async () => {
    fakeBackground({}, 'book.html');
    const wrapper = await mountAction({ reminderUrl: reminder.url, overdue: false }, 'de');
    expect(getByRole(wrapper, 'link', 'Erinnerung in Lexware Office öffnen').getAttribute('href')).toBe(reminder.url);
    expect(queryByRole(wrapper, 'button')).toBeNull();
  });

  it('offers nothing for an invoice that is not overdue', async () => {
    fakeBackground({}, 'book.html');
    const wrapper = await mountAction({ overdue: false });
    expect(wrapper.text()).toBe('');
  });

  it('after an unknown outcome, explains and lets the user confirm there is none', async () => {
    const answers: ResponseOf<'createReminder'>[] = [
      { ok: false, error: { code: 'reminder-outcome-unknown', message: 'Lexware Office did not say whether it made the reminder. Look at the invoice in Lexware Office.' } },
      { ok: true, existing: false, reminder },
    ];
    const background = fakeBackground({ createReminder: () => answers.shift()! }, 'book.html');
    const wrapper = await mountAction();
    await click(getByRole(wrapper, 'button', 'Create payment reminder (RE0001)'));
    await flush();
    expect(textOf(getByRole(wrapper, 'alert'))).toContain('Lexware Office did not say whether it made the reminder.');
    await click(getByRole(wrapper, 'button', 'I checked: there is none, create it'));
    await flush();
    expect(background.callsOf('createReminder')).toEqual([{ invoiceKey: 'lexware|lx-1' }, { invoiceKey: 'lexware|lx-1', confirmedMissing: true }]);
    getByRole(wrapper, 'link', 'Open the reminder in Lexware Office');
    expect(queryByRole(wrapper, 'alert')).toBeNull();
  });

  it('shows a refusal in words and keeps the button for another try', async () => {
    fakeBackground({ createReminder: () => ({ ok: false, error: { code: 'not-overdue', message: 'Nur überfällige Rechnungen bekommen eine Zahlungserinnerung.' } }) }, 'book.html');
    const wrapper = await mountAction({}, 'de');
    await click(getByRole(wrapper, 'button', 'Zahlungserinnerung erstellen (RE0001)'));
    await flush();
    expect(textOf(getByRole(wrapper, 'alert'))).toBe('Nur überfällige Rechnungen bekommen eine Zahlungserinnerung.');
    expect(queryByRole(wrapper, 'button', 'Geprüft: Es gibt keine, jetzt erstellen')).toBeNull();
    getByRole(wrapper, 'button', 'Zahlungserinnerung erstellen (RE0001)');
  });
});
