import { describe, expect, it } from 'vitest';
import { NORDLICHT_ID, useSevdesk } from './test-support';

const start = useSevdesk();

const CUSTOMER = { id: 3, objectName: 'Category' };
const names = (body: { objects: { name: string | null; surename: string | null; familyname: string | null }[] }) =>
  body.objects.map((c) => c.name ?? `${c.surename} ${c.familyname}`);

describe('GET /Contact', () => {
  it('lists the seeded organisations; persons only with depth=1', async () => {
    const api = await start();
    expect(names((await api.get('/api/v1/Contact')).body)).toEqual([
      'Spedition Nordlicht GmbH',
      'Alpentrans AG',
      'Polex Transport Sp. z o.o.',
      'Nordlicht Reisen GmbH',
      'Alpentrans Logistik GmbH',
      'Elbe Diesel Tankservice GmbH',
    ]);
    const all = names((await api.get('/api/v1/Contact?depth=1')).body);
    expect(all).toHaveLength(7);
    expect(all).toContain('Jana Hansen');
  });

  it('filters by name: a case-insensitive substring of name, surename or familyname', async () => {
    const api = await start();
    expect(names((await api.get('/api/v1/Contact?name=NORDLICHT')).body)).toEqual(['Spedition Nordlicht GmbH', 'Nordlicht Reisen GmbH']);
    expect(names((await api.get('/api/v1/Contact?name=alpentrans ag')).body)).toEqual(['Alpentrans AG']);
    expect(names((await api.get('/api/v1/Contact?name=hansen')).body)).toEqual([]);
    expect(names((await api.get('/api/v1/Contact?name=hansen&depth=1')).body)).toEqual(['Jana Hansen']);
    expect(names((await api.get('/api/v1/Contact?name=jana%20hansen&depth=1')).body)).toEqual(['Jana Hansen']);
  });

  it('filters by exact customer number, category, city and country', async () => {
    const api = await start();
    expect(names((await api.get('/api/v1/Contact?customerNumber=10001')).body)).toEqual(['Spedition Nordlicht GmbH']);
    expect(names((await api.get('/api/v1/Contact?customerNumber=1000')).body)).toEqual([]);
    // Polex has a customer number of sevdesk's own, not the TMS's 10005.
    expect(names((await api.get('/api/v1/Contact?customerNumber=10005')).body)).toEqual([]);
    expect(names((await api.get('/api/v1/Contact?category[id]=2&category[objectName]=Category')).body)).toEqual(['Elbe Diesel Tankservice GmbH']);
    expect(names((await api.get('/api/v1/Contact?city=hamburg')).body)).toEqual(['Spedition Nordlicht GmbH', 'Elbe Diesel Tankservice GmbH']);
    expect(names((await api.get('/api/v1/Contact?country[id]=2&country[objectName]=StaticCountry')).body)).toEqual(['Alpentrans AG']);
    expect(names((await api.get('/api/v1/Contact?orderByCustomerNumber=DESC&limit=2')).body)).toEqual(['Elbe Diesel Tankservice GmbH', 'Polex Transport Sp. z o.o.']);
    const wrongModel = await api.get('/api/v1/Contact?category[id]=3&category[objectName]=Contact');
    expect(wrongModel.status).toBe(400);
    expect(wrongModel.body.error.message).toBe("category expected objectName 'Category', 'Contact' given");
  });

  it('has no VAT-id filter: unknown parameters are ignored, clients compare vatNumber themselves', async () => {
    const api = await start();
    const res = await api.get('/api/v1/Contact?vatNumber=PL5260001246');
    expect(res.body.objects).toHaveLength(6);
    expect(res.body.objects.find((c: { vatNumber: string }) => c.vatNumber === 'PL5260001246')?.name).toBe('Polex Transport Sp. z o.o.');
  });

  it('embeds addresses, communication ways and the category on request', async () => {
    const api = await start();
    const [contact] = (await api.get(`/api/v1/Contact/${NORDLICHT_ID}?embed=addresses,communicationWays,category`)).body.objects;
    expect(contact.category).toMatchObject({ id: '3', objectName: 'Category', name: 'Kunde' });
    expect(contact.addresses).toEqual([
      expect.objectContaining({ street: 'Hafenstraße 12', zip: '20457', city: 'Hamburg', country: { id: '1', objectName: 'StaticCountry' } }),
    ]);
    expect(contact.communicationWays.map((w: { type: string; value: string }) => `${w.type} ${w.value}`)).toEqual([
      'EMAIL buchhaltung@nordlicht.example',
      'PHONE +49 40 3190 4410',
    ]);
    const [plain] = (await api.get(`/api/v1/Contact/${NORDLICHT_ID}`)).body.objects;
    expect(plain.addresses).toBeUndefined();
    expect(plain.category).toEqual({ id: '3', objectName: 'Category' });
  });
});

describe('POST /Contact', () => {
  it('creates an organisation from name, numbers given as numbers, and assigns the next customer number', async () => {
    const api = await start();
    expect((await api.get('/api/v1/Contact/Factory/getNextCustomerNumber')).body).toEqual({ objects: '10013' });
    const res = await api.post('/api/v1/Contact', { name: 'Bayern Logistik AG', category: CUSTOMER, status: 1000, vatNumber: 'DE234567891', defaultTimeToPay: 14 });
    expect(res.status).toBe(201);
    expect(res.body.objects).toMatchObject({
      id: '74100301',
      objectName: 'Contact',
      name: 'Bayern Logistik AG',
      surename: null,
      familyname: null,
      status: '1000',
      customerNumber: '10013',
      category: { id: '3', objectName: 'Category' },
      vatNumber: 'DE234567891',
      defaultTimeToPay: '14',
      create: '2026-11-23T10:00:00+01:00',
    });
    expect((await api.get('/api/v1/Contact/Factory/getNextCustomerNumber')).body).toEqual({ objects: '10014' });
    expect((await api.get('/api/v1/Contact/74100301')).body.objects[0].name).toBe('Bayern Logistik AG');
  });

  it('keeps a given customer number', async () => {
    const api = await start();
    const res = await api.post('/api/v1/Contact', { name: 'Rheinfracht GmbH & Co. KG', category: { id: '3', objectName: 'Category' }, customerNumber: '10003' });
    expect(res.body.objects.customerNumber).toBe('10003');
    expect((await api.get('/api/v1/Contact/Mapper/checkCustomerNumberAvailability?customerNumber=10003')).body).toEqual({ objects: false });
    expect((await api.get('/api/v1/Contact/Mapper/checkCustomerNumberAvailability?customerNumber=10999')).body).toEqual({ objects: true });
  });

  it('creates a person from surename/familyname; under an organisation it takes the parent customer number', async () => {
    const api = await start();
    const res = await api.post('/api/v1/Contact', {
      surename: 'Ole',
      familyname: 'Petersen',
      category: CUSTOMER,
      customerNumber: '55555',
      parent: { id: NORDLICHT_ID, objectName: 'Contact' },
    });
    expect(res.status).toBe(201);
    expect(res.body.objects).toMatchObject({ name: null, surename: 'Ole', familyname: 'Petersen', customerNumber: '10001', parent: { id: NORDLICHT_ID, objectName: 'Contact' } });
    // Persons are not organisations: depth=0 leaves them out.
    expect(names((await api.get('/api/v1/Contact?name=petersen')).body)).toEqual([]);
    expect(names((await api.get('/api/v1/Contact?name=petersen&depth=1')).body)).toEqual(['Ole Petersen']);
  });

  it('requires a category, a contact category, and a name', async () => {
    const api = await start();
    const noCategory = await api.post('/api/v1/Contact', { name: 'Ohne Kategorie GmbH' });
    expect(noCategory.status).toBe(400);
    expect(noCategory.body).toMatchObject({ objects: null, error: { message: 'category is required.' } });

    const badShape = await api.post('/api/v1/Contact', { name: 'X', category: 3 });
    expect(badShape.status).toBe(400);
    expect(badShape.body.error.message).toBe("category expected array with 'id' and 'objectName'. integer given");

    const addressCategory = await api.post('/api/v1/Contact', { name: 'X', category: { id: 47, objectName: 'Category' } });
    expect(addressCategory.status).toBe(400);
    expect(addressCategory.body.error.message).toMatch(/^Category with id 47 is not a contact category/);

    const noName = await api.post('/api/v1/Contact', { category: CUSTOMER, vatNumber: 'DE1' });
    expect(noName.status).toBe(400);
    expect(noName.body.error.message).toBe('A contact needs a name (organisation) or a surename and/or familyname (person).');

    const badStatus = await api.post('/api/v1/Contact', { name: 'X', category: CUSTOMER, status: 42 });
    expect(badStatus.status).toBe(400);
  });

  it('refuses a missing or person parent', async () => {
    const api = await start();
    const missing = await api.post('/api/v1/Contact', { surename: 'A', category: CUSTOMER, parent: { id: 999, objectName: 'Contact' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ message: 'Contact with id 999 was not found', code: 151 });
    const person = await api.post('/api/v1/Contact', { surename: 'A', category: CUSTOMER, parent: { id: '74100237', objectName: 'Contact' } });
    expect(person.status).toBe(400);
  });
});

describe('ContactAddress', () => {
  const address = (overrides: Record<string, unknown> = {}) => ({
    contact: { id: NORDLICHT_ID, objectName: 'Contact' },
    street: 'Am Kai 3',
    zip: '20457',
    city: 'Hamburg',
    country: { id: 1, objectName: 'StaticCountry' },
    category: { id: 48, objectName: 'Category' },
    name: 'Spedition Nordlicht GmbH',
    ...overrides,
  });

  it('creates an address for an existing contact and lists it by contact', async () => {
    const api = await start();
    const res = await api.post('/api/v1/ContactAddress', address());
    expect(res.status).toBe(201);
    expect(res.body.objects).toMatchObject({
      id: '51200301',
      objectName: 'ContactAddress',
      contact: { id: NORDLICHT_ID, objectName: 'Contact' },
      street: 'Am Kai 3',
      country: { id: '1', objectName: 'StaticCountry' },
      category: { id: '48', objectName: 'Category' },
    });
    const list = await api.get(`/api/v1/ContactAddress?contact[id]=${NORDLICHT_ID}&contact[objectName]=Contact`);
    expect(list.body.objects.map((a: { street: string }) => a.street)).toEqual(['Hafenstraße 12', 'Am Kai 3']);
    const embedded = await api.get(`/api/v1/ContactAddress/51200301?embed=country`);
    expect(embedded.body.objects[0].country).toMatchObject({ id: '1', code: 'de' });
  });

  it('requires contact, country and category, and they must exist', async () => {
    const api = await start();
    const cases: [Record<string, unknown>, string][] = [
      [address({ contact: undefined }), 'contact is required.'],
      [address({ country: undefined }), 'country is required.'],
      [address({ category: undefined }), 'category is required.'],
      [address({ contact: { id: 42, objectName: 'Contact' } }), 'Contact with id 42 was not found'],
      [address({ country: { id: 999, objectName: 'StaticCountry' } }), 'StaticCountry with id 999 was not found'],
      [address({ country: { id: 1, objectName: 'Country' } }), "country expected objectName 'StaticCountry', 'Country' given"],
      [address({ category: { id: 3, objectName: 'Category' } }), 'Category with id 3 is not a contact address category; see GET /Category?objectType=ContactAddress'],
    ];
    for (const [body, message] of cases) {
      const res = await api.post('/api/v1/ContactAddress', body);
      expect(res.status, message).toBe(400);
      expect(res.body).toMatchObject({ objects: null, error: { message } });
    }
    expect((await api.get(`/api/v1/ContactAddress?contact[id]=${NORDLICHT_ID}`)).body.objects).toHaveLength(1);
  });
});

describe('CommunicationWay', () => {
  const way = (overrides: Record<string, unknown> = {}) => ({
    contact: { id: NORDLICHT_ID, objectName: 'Contact' },
    type: 'EMAIL',
    value: 'rechnung@nordlicht.example',
    key: { id: 2, objectName: 'CommunicationWayKey' },
    main: true,
    ...overrides,
  });

  it('creates an e-mail and lists it by contact', async () => {
    const api = await start();
    const res = await api.post('/api/v1/CommunicationWay', way());
    expect(res.status).toBe(201);
    expect(res.body.objects).toMatchObject({ objectName: 'CommunicationWay', type: 'EMAIL', value: 'rechnung@nordlicht.example', main: '1', key: { id: '2', objectName: 'CommunicationWayKey' } });
    const list = await api.get(`/api/v1/CommunicationWay?contact[id]=${NORDLICHT_ID}&type=EMAIL`);
    expect(list.body.objects.map((w: { value: string }) => w.value)).toEqual(['buchhaltung@nordlicht.example', 'rechnung@nordlicht.example']);
  });

  it('validates type, value, key and contact', async () => {
    const api = await start();
    const cases: [Record<string, unknown>, string][] = [
      [way({ type: 'FAX' }), "type must be one of EMAIL, PHONE, WEB, MOBILE, 'FAX' given"],
      [way({ type: undefined }), 'type is required.'],
      [way({ value: '' }), 'value is required.'],
      [way({ key: undefined }), 'key is required.'],
      [way({ key: { id: 99, objectName: 'CommunicationWayKey' } }), 'CommunicationWayKey with id 99 was not found'],
      [way({ contact: { id: 5, objectName: 'Contact' } }), 'Contact with id 5 was not found'],
    ];
    for (const [body, message] of cases) {
      const res = await api.post('/api/v1/CommunicationWay', body);
      expect(res.status, message).toBe(400);
      expect(res.body.error.message).toBe(message);
    }
  });
});

describe('contacts inspection and reset', () => {
  it('shows contacts with addresses and communication ways, and forgets created ones on reset', async () => {
    const api = await start();
    const created = await api.post('/api/v1/Contact', { name: 'Holland Cargo B.V.', category: CUSTOMER });
    const id = created.body.objects.id as string;
    await api.post('/api/v1/ContactAddress', {
      contact: { id, objectName: 'Contact' },
      street: 'Waalhaven Oostzijde 1',
      zip: '3087 BM',
      city: 'Rotterdam',
      country: { id: 18, objectName: 'StaticCountry' },
      category: { id: 47, objectName: 'Category' },
    });
    await api.post('/api/v1/CommunicationWay', { contact: { id, objectName: 'Contact' }, type: 'EMAIL', value: 'invoices@hollandcargo.example', key: { id: 2, objectName: 'CommunicationWayKey' } });

    const contacts = (await (await api.raw('/__sandbox/contacts')).json()) as { id: string; addresses: { city: string }[]; communicationWays: { value: string }[] }[];
    const holland = contacts.find((c) => c.id === id);
    expect(holland?.addresses.map((a) => a.city)).toEqual(['Rotterdam']);
    expect(holland?.communicationWays.map((w) => w.value)).toEqual(['invoices@hollandcargo.example']);

    await api.raw('/__sandbox/reset', { method: 'POST' });
    const after = (await (await api.raw('/__sandbox/contacts')).json()) as { id: string }[];
    expect(after.map((c) => c.id)).toEqual(['74100231', '74100232', '74100233', '74100234', '74100235', '74100236', '74100237']);
    expect((await api.get('/api/v1/Contact/Factory/getNextCustomerNumber')).body.objects).toBe('10013');
  });
});
