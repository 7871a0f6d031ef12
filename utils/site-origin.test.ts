import { describe, expect, it } from 'vitest';
import { originPattern, parseSiteOrigin, scriptId } from './site-origin';

describe('TMS sites', () => {
  it.each([
    ['tms.example.com', 'https://tms.example.com'],
    ['https://tms.example.com/orders?page=2#x', 'https://tms.example.com'],
    ['HTTP://Intranet.Spedition.local:8080/app', 'http://intranet.spedition.local:8080'],
    ['http://127.0.0.1:4410/orders', 'http://127.0.0.1:4410'],
    ['  https://dispo.nordlicht.example  ', 'https://dispo.nordlicht.example'],
  ])('reads %s as the origin %s', (input, origin) => {
    expect(parseSiteOrigin(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['', 'empty'],
    ['ftp://files.example.com', 'not-http'],
    ['chrome-extension://abc/options.html', 'extension-page'],
    ['https://api.lexware.io', 'billing-host'],
    ['my.sevdesk.de', 'billing-host'],
    ['https://user:secret@tms.example.com', 'has-credentials'],
    ['https://exa mple.com', 'not-a-url'],
    ['javascript:alert(1)', 'not-a-url'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(parseSiteOrigin(input)).toEqual({ ok: false, problem });
  });

  it('derives the match pattern and the registration id', () => {
    expect(originPattern('http://127.0.0.1:4410')).toBe('http://127.0.0.1:4410/*');
    expect(originPattern('https://tms.example.com')).toBe('https://tms.example.com/*');
    expect(scriptId('https://tms.example.com')).toBe('tms:https://tms.example.com');
  });
});
