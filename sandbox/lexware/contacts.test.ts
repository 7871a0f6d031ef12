import { afterEach, describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_IDS } from './seed';
import { startLexware, type TestLexware } from './test-support';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

async function names(path: string): Promise<string[]> {
  const r = await lx!.api('GET', path);
  expect(r.status, path).toBe(200);
  return (r.body.content as { company?: { name: string } }[]).map((c) => c.company?.name ?? '');
}

const company = (name: string, extra: Record<string, unknown> = {}) => ({
  version: 0,
  roles: { customer: {} },
  company: { name, vatRegistrationId: 'CHE-123.456.788 MWST' },
  addresses: { billing: [{ street: 'Badenerstrasse 560', zip: '8048', city: 'Zürich', countryCode: 'CH' }] },
  emailAddresses: { business: ['finance@alpentrans.example'] },
  ...extra,
});

function issues(body: { IssueList: { i18nKey: string; source: string }[] }): string[] {
  return body.IssueList.map((i) => `${i.i18nKey} ${i.source}`);
}

describe('GET /v1/contacts', () => {
  it('lists the seeded contacts sorted by name in the documented page envelope', async () => {
    lx = await startLexware();
    const r = await lx.api('GET', '/v1/contacts');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      first: true,
      last: true,
      totalPages: 1,
      totalElements: 7,
      numberOfElements: 7,
      size: 25,
      number: 0,
      sort: [{ direction: 'ASC', property: 'name', ignoreCase: false, nullHandling: 'NATIVE', ascending: true }],
    });
    expect(r.body.content.map((c: { company: { name: string } }) => c.company.name)).toEqual([
      'Bayern Logistik AG',
      'Bayern Logistik Service GmbH',
      'Holland Cargo B.V.',
      'Nordlicht Reisen GmbH',
      'Rheinfracht GmbH & Co. KG',
      'Spedition Nordlicht GmbH',
      'Tankhof Elbe GmbH',
    ]);
  });

  it('finds "&" names only when the filter is HTML-encoded and then URL-encoded', async () => {
    lx = await startLexware();
    expect(await names('/v1/contacts?name=Rheinfracht%20GmbH%20%26amp%3B%20Co')).toEqual(['Rheinfracht GmbH & Co. KG']);
    // Only URL-encoded: the raw "&" reaches the search and matches nothing (confirmed live behaviour).
    expect(await names('/v1/contacts?name=Rheinfracht%20GmbH%20%26%20Co')).toEqual([]);
    expect(await names(`/v1/contacts?name=${encodeURIComponent('GmbH & Co')}`)).toEqual([]);
    // A raw "<" or ">" never matches either; encoded, they are ordinary characters.
    expect(await names(`/v1/contacts?name=${encodeURIComponent('Nord<')}`)).toEqual([]);
  });

  it('matches names case-insensitively as substrings, with % and _ wildcards escapable by backslash', async () => {
    lx = await startLexware();
    expect(await names('/v1/contacts?name=nordlicht')).toEqual(['Nordlicht Reisen GmbH', 'Spedition Nordlicht GmbH']);
    expect(await names('/v1/contacts?name=RHEINFRACHT')).toEqual(['Rheinfracht GmbH & Co. KG']);
    expect(await names(`/v1/contacts?name=${encodeURIComponent('Bayern%GmbH')}`)).toEqual(['Bayern Logistik Service GmbH']);
    expect(await names(`/v1/contacts?name=${encodeURIComponent('Nordlicht_GmbH')}`)).toEqual(['Spedition Nordlicht GmbH']);
    expect(await names(`/v1/contacts?name=${encodeURIComponent('Nordlicht\\_GmbH')}`)).toEqual([]);
    expect(await names(`/v1/contacts?name=${encodeURIComponent('B.V')}`)).toEqual(['Holland Cargo B.V.']);
  });

  it('filters by email (contact and contact-person addresses), number and roles', async () => {
    lx = await startLexware();
    expect(await names('/v1/contacts?email=buchhaltung@nordlicht.example')).toEqual(['Spedition Nordlicht GmbH']);
    expect(await names('/v1/contacts?email=j.petersen@nordlicht')).toEqual(['Spedition Nordlicht GmbH']);
    expect(await names('/v1/contacts?email=bayern-logistik')).toEqual(['Bayern Logistik AG', 'Bayern Logistik Service GmbH']);
    expect(await names('/v1/contacts?number=10003')).toEqual(['Rheinfracht GmbH & Co. KG']);
    expect(await names('/v1/contacts?number=70001')).toEqual(['Tankhof Elbe GmbH']);
    expect(await names('/v1/contacts?customer=false')).toEqual(['Tankhof Elbe GmbH']);
    expect(await names('/v1/contacts?vendor=true&customer=false')).toEqual(['Tankhof Elbe GmbH']);
    expect(await names('/v1/contacts?name=Bayern&email=rechnungen')).toEqual(['Bayern Logistik AG']);
  });

  it('answers 400 (legacy format) to name or email filters shorter than 3 characters', async () => {
    lx = await startLexware();
    for (const query of ['name=Rh', 'email=a@']) {
      const r = await lx.api('GET', `/v1/contacts?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.body.IssueList).toEqual([
        { i18nKey: 'bad_request_error', source: query.split('=')[0], type: 'validation_failure', additionalData: 'size must be between 3 and 128', args: null },
      ]);
    }
  });

  it('answers 400 to bad filter values and to repeated filters', async () => {
    lx = await startLexware();
    for (const query of ['number=abc', 'customer=yes', 'name=Bayern&name=Rhein']) {
      const r = await lx.api('GET', `/v1/contacts?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.IssueList[0].i18nKey).toBe('bad_request_error');
    }
  });

  it('pages 0-based with a default size of 25 and a maximum of 250', async () => {
    lx = await startLexware();
    const second = await lx.api('GET', '/v1/contacts?size=2&page=1');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ first: false, last: false, totalPages: 4, totalElements: 7, numberOfElements: 2, size: 2, number: 1 });
    expect(second.body.content.map((c: { company: { name: string } }) => c.company.name)).toEqual(['Holland Cargo B.V.', 'Nordlicht Reisen GmbH']);
    const lastPage = await lx.api('GET', '/v1/contacts?size=2&page=3');
    expect(lastPage.body).toMatchObject({ first: false, last: true, numberOfElements: 1, number: 3 });
    const beyond = await lx.api('GET', '/v1/contacts?size=2&page=9');
    expect(beyond.body).toMatchObject({ content: [], numberOfElements: 0, last: true });
    expect((await lx.api('GET', '/v1/contacts?size=250')).status).toBe(200);

    const tooBig = await lx.api('GET', '/v1/contacts?size=251');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.IssueList).toEqual([expect.objectContaining({ i18nKey: 'bad_request_error', source: 'size' })]);
    expect((await lx.api('GET', '/v1/contacts?page=-1')).status).toBe(400);
  });
});

describe('GET /v1/contacts/{id}', () => {
  it('returns a seeded contact with roles, addresses and e-mail lists', async () => {
    lx = await startLexware();
    const r = await lx.api('GET', `/v1/contacts/${SEEDED_CONTACT_IDS.nordlicht}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: SEEDED_CONTACT_IDS.nordlicht,
      version: 1,
      roles: { customer: { number: 10001 } },
      company: { name: 'Spedition Nordlicht GmbH', vatRegistrationId: 'DE123456789' },
      addresses: { billing: [{ street: 'Hafenstraße 12', zip: '20457', city: 'Hamburg', countryCode: 'DE' }] },
      emailAddresses: { business: ['buchhaltung@nordlicht.example'] },
      archived: false,
    });
  });

  it('answers 404 for an unknown id', async () => {
    lx = await startLexware();
    const r = await lx.api('GET', '/v1/contacts/00000000-0000-4000-8000-000000000000');
    expect(r.status).toBe(404);
    expect(r.body.IssueList).toEqual([expect.objectContaining({ i18nKey: 'not_found' })]);
  });
});

describe('POST /v1/contacts', () => {
  it('creates a customer: 201, action result, Location, the next customer number and version 1', async () => {
    lx = await startLexware();
    const r = await lx.api('POST', '/v1/contacts', company('Alpentrans AG'));
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      resourceUri: `${lx.url}/v1/contacts/${r.body.id}`,
      createdDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/),
      updatedDate: r.body.createdDate,
      version: 1,
    });
    expect(r.headers.get('location')).toBe(r.body.resourceUri);

    const stored = await lx.api('GET', `/v1/contacts/${r.body.id}`);
    expect(stored.body).toMatchObject({ version: 1, roles: { customer: { number: 10013 } }, company: { name: 'Alpentrans AG' }, archived: false });
    expect(await names('/v1/contacts?name=Alpentrans')).toEqual(['Alpentrans AG']);

    const person = await lx.api('POST', '/v1/contacts', { version: 0, roles: { customer: {}, vendor: {} }, person: { salutation: 'Herr', firstName: 'Max', lastName: 'Muster' } });
    expect(person.status).toBe(201);
    const p = await lx.api('GET', `/v1/contacts/${person.body.id}`);
    expect(p.body.roles).toEqual({ customer: { number: 10014 }, vendor: { number: 70002 } });
    expect(p.body.person).toEqual({ salutation: 'Herr', firstName: 'Max', lastName: 'Muster' });
  });

  it('finds a created "&" name only with the encoded filter too', async () => {
    lx = await startLexware();
    await lx.api('POST', '/v1/contacts', company('Frost & Frische <Kühllogistik> "Nord" GmbH'));
    expect(await names('/v1/contacts?name=Frost%20%26amp%3B%20Frische%20%26lt%3BK%C3%BChl')).toEqual(['Frost & Frische <Kühllogistik> "Nord" GmbH']);
    expect(await names(`/v1/contacts?name=${encodeURIComponent('Frost & Frische')}`)).toEqual([]);
  });

  it('validates in the legacy IssueList format with 406', async () => {
    lx = await startLexware();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...company('X GmbH'), version: 1 }, ['invalid_value version']],
      [{ ...company('X GmbH'), version: undefined }, ['missing_entity version']],
      [{ ...company('X GmbH'), roles: {} }, ['missing_entity roles']],
      [{ ...company('X GmbH'), roles: undefined }, ['missing_entity roles']],
      [{ ...company('X GmbH'), person: { lastName: 'Muster' } }, ['invalid_value company and person']],
      [{ version: 0, roles: { customer: {} } }, ['missing_entity company and person']],
      [company(''), ['missing_entity company.name']],
      [{ version: 0, roles: { customer: {} }, person: { firstName: 'Max' } }, ['missing_entity person.lastName']],
      [{ version: 0, roles: { customer: {} }, person: { lastName: 'Muster', salutation: 'x'.repeat(26) } }, ['invalid_value person.salutation']],
      [company('X GmbH', { addresses: { billing: [{ city: 'Köln' }] } }), ['missing_entity addresses.billing[0].countryCode']],
      [company('X GmbH', { addresses: { billing: [{ countryCode: 'DE' }, { countryCode: 'AT' }] } }), ['invalid_value addresses.billing']],
      [company('X GmbH', { addresses: { shipping: [{ countryCode: 'DE' }, { countryCode: 'DE' }] } }), ['invalid_value addresses.shipping']],
      [company('X GmbH', { emailAddresses: { business: ['a@x.example', 'b@x.example'] } }), ['invalid_value emailAddresses.business']],
      [company('X GmbH', { phoneNumbers: { mobile: ['1', '2'] } }), ['invalid_value phoneNumbers.mobile']],
      [
        { ...company('X GmbH'), company: { name: 'X GmbH', contactPersons: [{ lastName: 'A' }, { lastName: 'B' }] } },
        ['invalid_value company.contactPersons'],
      ],
      [{ ...company('X GmbH'), company: { name: 'X GmbH', contactPersons: [{ firstName: 'A' }] } }, ['missing_entity company.contactPersons[0].lastName']],
      [company('X GmbH', { note: 'n'.repeat(1001) }), ['invalid_value note']],
    ];
    for (const [body, expected] of cases) {
      const r = await lx.api('POST', '/v1/contacts', body);
      expect(r.status, JSON.stringify(body).slice(0, 120)).toBe(406);
      expect(issues(r.body), JSON.stringify(body).slice(0, 120)).toEqual(expected);
      expect(r.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.body.IssueList[0]).toMatchObject({ type: 'validation_failure', additionalData: null, args: null });
    }
    expect((await lx.api('POST', '/v1/contacts', company('X GmbH', { note: 'n'.repeat(1000) }))).status).toBe(201);
    expect((await lx.sandbox('contacts')).body).toHaveLength(8);
  });

  it('reports several issues at once', async () => {
    lx = await startLexware();
    const r = await lx.api('POST', '/v1/contacts', { version: 0, roles: {}, company: { name: ' ' }, note: 'n'.repeat(1001) });
    expect(r.status).toBe(406);
    expect(issues(r.body)).toEqual(['missing_entity roles', 'missing_entity company.name', 'invalid_value note']);
  });
});

describe('PUT /v1/contacts/{id}', () => {
  it('updates with the current version and refuses a stale one with 409', async () => {
    lx = await startLexware();
    const id = SEEDED_CONTACT_IDS.bayernLogistik;
    const current = (await lx.api('GET', `/v1/contacts/${id}`)).body;
    const updated = await lx.api('PUT', `/v1/contacts/${id}`, { ...current, note: 'Rechnungen nur per E-Mail' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, version: 2, resourceUri: `${lx.url}/v1/contacts/${id}` });
    const after = (await lx.api('GET', `/v1/contacts/${id}`)).body;
    expect(after).toMatchObject({ version: 2, note: 'Rechnungen nur per E-Mail', roles: { customer: { number: 10002 } } });

    const stale = await lx.api('PUT', `/v1/contacts/${id}`, { ...current, note: 'alt' });
    expect(stale.status).toBe(409);
    expect(stale.body.IssueList).toEqual([expect.objectContaining({ i18nKey: 'optimistic_locking_failure', source: 'version' })]);
    expect((await lx.api('GET', `/v1/contacts/${id}`)).body.note).toBe('Rechnungen nur per E-Mail');
  });

  it('answers 404 for an unknown contact', async () => {
    lx = await startLexware();
    const r = await lx.api('PUT', '/v1/contacts/00000000-0000-4000-8000-000000000000', company('X GmbH'));
    expect(r.status).toBe(404);
  });
});
