import { describe, expect, it } from 'vitest';
import { validateRecipe, type Recipe } from './schema';

/** A recipe for a server-rendered German TMS (Legacy "Altmann"), as the builder makes it. */
const altmann = () => ({
  format: 1,
  id: '6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31',
  revision: 4,
  name: 'Altmann Logistik – Aufträge',
  sites: ['https://tms.altmann.example'],
  extraOrigins: [],
  locale: { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR', countryNames: ['de', 'en'] },
  list: {
    url: { path: '/auftraege', query: { seite: '*?' } },
    row: { css: 'table.auftraege tbody > tr', skip: { css: '.summenzeile' } },
    rowKey: { any: [{ testId: 'auftrag', attr: 'data-id' }, { css: "a[href*='auftrag.php']", attr: 'href', parse: [{ urlParam: 'id' }] }] },
    selection: { mode: 'checkbox', control: { css: "input[name='auswahl[]']" } },
    summary: { number: { column: 'Auftrags-Nr.' }, customer: { column: 'Kunde' }, price: { column: ['Frachtpreis', 'Preis'], parse: [{ money: {} }] } },
  },
  detail: { url: { path: '/auftrag.php', query: { id: ':id' } }, anchor: { role: 'toolbar', name: 'Aktionen', append: 'first' } },
  sources: { fetch: { detailHtml: { url: '/auftrag.php?id={id}' } }, auth: { mode: 'cookie' } },
  order: {
    read: ['fetch:detailHtml', 'list'],
    fields: {
      number: { html: { label: 'Auftrags-Nr.' } },
      'customer.name': { html: { label: 'Kunde' } },
      price: { html: { label: 'Frachtpreis' }, parse: [{ money: {} }] },
      'load.weightKg': { html: { label: 'Gewicht' }, parse: [{ weight: { to: 'kg' } }] },
      customerReference: { html: { label: 'Ihre Referenz' }, parse: [{ regex: 'Ref\\.?\\s*(\\S+)' }] },
      stops: {
        each: { html: { css: 'table.stationen tbody tr' } },
        fields: {
          city: { html: { column: 'Ort', parse: [{ zipCity: 'city' }] } },
          countryCode: { html: { column: 'Land' }, parse: [{ country: { plates: true } }] },
          date: { html: { column: 'Datum' }, parse: [{ date: { dateOrder: 'DMY' } }] },
        },
      },
    },
  },
  customers: { key: ['customerNumber', 'vatId', 'name'] },
  writeBack: { mode: 'instructions', field: { label: 'Rechnungs-Nr.' } },
  tests: [{ name: 'Seite 1', url: 'https://tms.altmann.example/auftraege?seite=1', html: '<table></table>', expected: [] }],
});

type Mutable = Record<string, unknown>;
/** A copy of the recipe with one value changed (or removed with undefined) at a dot path. */
function withChange(path: string, value: unknown) {
  const recipe = altmann() as unknown as Mutable;
  const keys = path.split('.');
  let node = recipe;
  for (const key of keys.slice(0, -1)) node = node[key] as Mutable;
  if (value === undefined) delete node[keys.at(-1)!];
  else node[keys.at(-1)!] = value;
  return recipe;
}

const http = (over: Record<string, unknown> = {}) => ({
  mode: 'http',
  enabled: false,
  method: 'PATCH',
  url: '/api/orders/{id}',
  body: { invoiceReference: '{invoiceNumber}' },
  probe: { url: '/api/orders/{id}', json: '$.invoiceReference' },
  ...over,
});

describe('a recipe the builder makes', () => {
  it('is accepted, with defaults filled in', () => {
    const result = validateRecipe(altmann());
    expect(result.ok).toBe(true);
    expect((result as { recipe: Recipe }).recipe.writeBack).toEqual({ mode: 'instructions', field: { label: 'Rechnungs-Nr.' } });
  });

  it('accepts an HTTP write-back to its own site, with its idempotency probe', () => {
    expect(validateRecipe(withChange('writeBack', http())).ok).toBe(true);
  });

  it('accepts up to 3 page markers, a list container and a batched fetch source', () => {
    const recipe = altmann() as unknown as Mutable;
    (recipe.list as Mutable).container = { css: 'table.auftraege' };
    ((recipe.list as Mutable).url as Mutable).marker = [{ css: 'header .logo', parse: [{ regex: '^(Altmann)$' }] }, { testId: 'auftraege' }];
    recipe.sources = { fetch: { detailHtml: { url: '/auftrag.php?id={id}' }, api: { url: '/api/auftraege?ids={ids}', items: '$.daten[*]', key: '$.id', batch: 100 } } };
    expect(validateRecipe(recipe).ok).toBe(true);
  });

  it('reads a recipe file as text', () => {
    expect(validateRecipe(JSON.stringify(altmann())).ok).toBe(true);
  });
});

// [name, the change, the field the message must name, words in the message]
const bad: [string, () => unknown, string, RegExp][] = [
  ['an unknown top-level key', () => withChange('script', 'alert(1)'), 'script', /unknown key "script"/],
  ['line 0 of a value', () => withChange('order.fields.price.parse', [{ line: 0 }]), 'order.fields.price.parse.0.line', /counted from 1/],
  ['an unknown key in a field', () => withChange('order.fields.price.eval', 'x'), 'order.fields.price.eval', /unknown key/],
  ['an unknown order field', () => withChange('order.fields.secret', { html: { css: 'td' } }), 'order.fields.secret', /unknown key/],
  ['a javascript: site', () => withChange('sites', ['javascript:alert(1)']), 'sites.0', /http\(s\) origin/],
  ['a site with a path', () => withChange('sites', ['https://tms.example/app']), 'sites.0', /no path/],
  ['a data: extra origin', () => withChange('extraOrigins', ['data:text/html,x']), 'extraOrigins.0', /origin/],
  ['no site at all', () => withChange('sites', []), 'sites', /at least one site/],
  ['six sites', () => withChange('sites', Array.from({ length: 6 }, (_, i) => `https://t${i}.example`)), 'sites', /at most 5/],
  ['a cross-origin write-back URL', () => withChange('writeBack', http({ url: 'https://evil.example/steal' })), 'writeBack.url', /path on the TMS site/],
  ['a protocol-relative write-back URL', () => withChange('writeBack', http({ url: '//evil.example/x' })), 'writeBack.url', /path on the TMS site/],
  ['a write-back without its idempotency probe', () => withChange('writeBack', http({ probe: undefined })), 'writeBack.probe', /Invalid (type|key)/i],
  ['an unknown placeholder', () => withChange('writeBack', http({ body: { ref: '{apiKey}' } })), 'writeBack.body.ref', /placeholders may only be/],
  ['a write-back with DELETE', () => withChange('writeBack', http({ method: 'DELETE' })), 'writeBack.method', /Invalid type/i],
  ['an unknown write-back mode', () => withChange('writeBack', { mode: 'script' }), 'writeBack.mode', /Invalid type/i],
  ['a regex with two capture groups', () => withChange('order.fields.customerReference.parse', [{ regex: '(a)(b)' }]), 'order.fields.customerReference.parse.0.regex', /exactly one capture group/],
  ['a regex without a capture group', () => withChange('order.fields.customerReference.parse', [{ regex: 'abc' }]), 'order.fields.customerReference.parse.0.regex', /exactly one capture group/],
  ['a nested-quantifier regex', () => withChange('order.fields.customerReference.parse', [{ regex: '((a+)+)' }]), 'order.fields.customerReference.parse.0.regex', /nest quantifiers|one capture group/],
  ['a regex with a backreference', () => withChange('order.fields.customerReference.parse', [{ regex: '(a)\\1' }]), 'order.fields.customerReference.parse.0.regex', /backreferences/],
  ['an over-long regex', () => withChange('order.fields.customerReference.parse', [{ regex: `(${'a'.repeat(250)})` }]), 'order.fields.customerReference.parse.0.regex', /at most 200/],
  ['a regex that does not compile', () => withChange('order.fields.customerReference.parse', [{ regex: '([a-)' }]), 'order.fields.customerReference.parse.0.regex', /valid/],
  ['seven parse steps', () => withChange('order.fields.price.parse', Array.from({ length: 7 }, () => ({ trim: {} }))), 'order.fields.price.parse', /at most 6 parse steps/],
  ['an unknown parser', () => withChange('order.fields.price.parse', [{ evaluate: 'price * 2' }]), 'order.fields.price.parse.0.evaluate', /unknown key "evaluate"/],
  ['four fallbacks', () => withChange('list.rowKey', { any: Array.from({ length: 4 }, () => ({ css: 'td' })) }), 'list.rowKey.any', /at most 3 fallbacks/],
  ['nested fallbacks', () => withChange('list.rowKey', { any: [{ any: [{ css: 'td' }] }] }), 'list.rowKey.any.0', /key|type/i],
  ['a recursive JSON path', () => withChange('order.fields.number', { json: '$..number' }), 'order.fields.number.json', /must be a path/],
  ['a JSON path with an expression filter', () => withChange('order.fields.number', { json: '$.items[?(@.price > 10)].id' }), 'order.fields.number.json', /must be a path/],
  ['a JSON path with a non-equality filter', () => withChange('order.fields.number', { json: "$.items[?price>'10'].id" }), 'order.fields.number.json', /must be a path/],
  ['a CSS selector with javascript:', () => withChange('list.row', { css: "a[href^='javascript:']" }), 'list.row.css', /plain CSS selector/],
  ['a wrong type for the revision', () => withChange('revision', '4'), 'revision', /Invalid type/i],
  ['another format', () => withChange('format', 2), 'format', /only recipe format/],
  ['an id that is no UUID', () => withChange('id', 'altmann'), 'id', /UUID/],
  ['an unknown currency', () => withChange('locale.currency', 'EURO'), 'locale.currency', /currency code/],
  ['an unknown selection mode', () => withChange('list.selection', { mode: 'magic' }), 'list.selection.mode', /Invalid type/i],
  ['a rowAttribute selection without its attribute', () => withChange('list.selection', { mode: 'rowAttribute' }), '(recipe)', /needs the attribute/],
  ['a saved page from another site', () => withChange('tests', [{ name: 'x', url: 'https://other.example/', html: '', expected: [] }]), '(recipe)', /one of the recipe's sites/],
  ['an oversized saved page', () => withChange('tests', [{ name: 'x', url: 'https://tms.altmann.example/', html: 'x'.repeat(2_100_000), expected: [] }]), '(file)', /at most 2 MB/],
  ['a source that is neither capture, fetch, list nor detail', () => withChange('order.read', ['eval:code']), 'order.read.0', /capture:<id>/],
  ['a fetch source on another host', () => withChange('sources', { fetch: { x: { url: 'http://evil.example/orders' } } }), 'sources.fetch.x.url', /path on the TMS site/],
  ['a write-back placeholder in a fetch URL', () => withChange('sources', { fetch: { detailHtml: { url: '/auftrag.php?id={invoiceNumber}' } } }), 'sources.fetch.detailHtml.url', /only use \{id\} or \{ids\}/],
  ['a batch of 0 ids', () => withChange('sources', { fetch: { detailHtml: { url: '/api?ids={ids}', items: '$.items[*]', key: '$.id', batch: 0 } } }), 'sources.fetch.detailHtml.batch', /Invalid value/i],
  ['a batch URL without items and key', () => withChange('sources', { fetch: { detailHtml: { url: '/api?ids={ids}' } } }), '(recipe)', /batch URL/],
  ['a source order.read names but sources do not declare', () => withChange('order.read', ['fetch:elsewhere']), '(recipe)', /every source must be declared/],
  ['a checkbox selection without its control', () => withChange('list.selection', { mode: 'checkbox' }), '(recipe)', /checkbox needs the control/],
  ['four page markers', () => withChange('list.url', { path: '/auftraege', marker: Array.from({ length: 4 }, () => ({ css: 'header' })) }), 'list.url.marker', /at most 3/],
  ['an unknown key in the list container', () => withChange('list.container', { css: 'table', xpath: '//table' }), 'list.container.xpath', /unknown key/],
];

describe('a bad recipe is refused, naming the field', () => {
  it('has at least 30 cases', () => expect(bad.length).toBeGreaterThanOrEqual(30));

  it.each(bad)('%s', (_name, make, path, message) => {
    const result = validateRecipe(make());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const hit = result.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
    expect(hit, `issues were: ${JSON.stringify(result.issues)}`).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it('says when a file is no JSON at all', () => {
    expect(validateRecipe('{ "format": 1, ')).toEqual({ ok: false, issues: [{ path: '(file)', message: 'is not JSON' }] });
  });
});
