/**
 * The demo account's contacts. Three of the demo TMS's customers already exist here (one
 * under a customer number of sevdesk's own, as happens when both systems number
 * independently), next to decoys with similar names, a supplier and a contact person, so
 * that linking by name, customer number and VAT id has something to get wrong.
 * The other TMS customers are deliberately missing: they have to be created.
 */
import type { AddressRecord, CommunicationWayRecord, ContactRecord, Store } from './store';

interface SeedContact {
  id: string;
  name?: string;
  surename?: string;
  familyname?: string;
  customerNumber: string;
  categoryId: string;
  vatNumber?: string;
  parentId?: string;
  address?: { id: string; street: string; zip: string; city: string; countryId: string };
  email?: { id: string; value: string };
  phone?: { id: string; value: string };
}

export const SEEDED_CONTACT_IDS = {
  nordlicht: '74100231',
  alpentrans: '74100232',
  polex: '74100233',
  nordlichtReisen: '74100234',
  alpentransLogistik: '74100235',
  supplier: '74100236',
  nordlichtPerson: '74100237',
} as const;

const ids = SEEDED_CONTACT_IDS;

const CONTACTS: SeedContact[] = [
  {
    id: ids.nordlicht,
    name: 'Spedition Nordlicht GmbH',
    customerNumber: '10001',
    categoryId: '3',
    vatNumber: 'DE123456789',
    address: { id: '51200231', street: 'Hafenstraße 12', zip: '20457', city: 'Hamburg', countryId: '1' },
    email: { id: '62300231', value: 'buchhaltung@nordlicht.example' },
    phone: { id: '62300232', value: '+49 40 3190 4410' },
  },
  {
    id: ids.alpentrans,
    name: 'Alpentrans AG',
    customerNumber: '10004',
    categoryId: '3',
    vatNumber: 'CHE-123.456.788 MWST',
    address: { id: '51200232', street: 'Badenerstrasse 560', zip: '8048', city: 'Zürich', countryId: '2' },
    email: { id: '62300233', value: 'finance@alpentrans.example' },
  },
  {
    id: ids.polex,
    name: 'Polex Transport Sp. z o.o.',
    customerNumber: '20017',
    categoryId: '3',
    vatNumber: 'PL5260001246',
    address: { id: '51200233', street: 'ul. Marszałkowska 84', zip: '00-514', city: 'Warszawa', countryId: '21' },
    email: { id: '62300234', value: 'faktury@polex.example' },
  },
  {
    id: ids.nordlichtReisen,
    name: 'Nordlicht Reisen GmbH',
    customerNumber: '10011',
    categoryId: '3',
    vatNumber: 'DE298765431',
    address: { id: '51200234', street: 'Holstenstraße 7', zip: '24103', city: 'Kiel', countryId: '1' },
    email: { id: '62300235', value: 'info@nordlicht-reisen.example' },
  },
  {
    id: ids.alpentransLogistik,
    name: 'Alpentrans Logistik GmbH',
    customerNumber: '10012',
    categoryId: '3',
    vatNumber: 'ATU87654321',
    address: { id: '51200235', street: 'Grabenweg 68', zip: '6020', city: 'Innsbruck', countryId: '3' },
  },
  {
    id: ids.supplier,
    name: 'Elbe Diesel Tankservice GmbH',
    customerNumber: '70001',
    categoryId: '2',
    vatNumber: 'DE311456782',
    address: { id: '51200236', street: 'Am Moldauhafen 9', zip: '20539', city: 'Hamburg', countryId: '1' },
  },
  {
    id: ids.nordlichtPerson,
    surename: 'Jana',
    familyname: 'Hansen',
    customerNumber: '10001',
    categoryId: '3',
    parentId: ids.nordlicht,
    email: { id: '62300236', value: 'j.hansen@nordlicht.example' },
  },
];

/** The next customer number of the account's number range after the seed. */
const NEXT_CUSTOMER_NUMBER = 10013;

/** Fills a cleared store; returns the next customer number. */
export function seedAccount(store: Store): number {
  CONTACTS.forEach((seed, index) => {
    const created = new Date(Date.UTC(2025, 1, 3 + index, 8, 30));
    store.contacts.set(seed.id, contactRecord(seed, created));
    if (seed.address) store.addresses.set(seed.address.id, addressRecord(seed, seed.address, created));
    if (seed.email) store.communicationWays.set(seed.email.id, communicationWay(seed.id, 'EMAIL', seed.email, true, created));
    if (seed.phone) store.communicationWays.set(seed.phone.id, communicationWay(seed.id, 'PHONE', seed.phone, false, created));
  });
  return NEXT_CUSTOMER_NUMBER;
}

export function emptyContact(id: string, created: Date): ContactRecord {
  return {
    id,
    create: created,
    update: created,
    name: null,
    surename: null,
    familyname: null,
    name2: null,
    titel: null,
    academicTitle: null,
    gender: null,
    birthday: null,
    description: null,
    status: '100',
    customerNumber: null,
    parentId: null,
    categoryId: '3',
    vatNumber: null,
    taxNumber: null,
    taxOffice: null,
    bankAccount: null,
    bankNumber: null,
    buyerReference: null,
    defaultTimeToPay: null,
    defaultCashbackTime: null,
    defaultCashbackPercent: null,
    defaultDiscountAmount: null,
    defaultDiscountPercentage: false,
    exemptVat: false,
    governmentAgency: false,
  };
}

function contactRecord(seed: SeedContact, created: Date): ContactRecord {
  return {
    ...emptyContact(seed.id, created),
    name: seed.name ?? null,
    surename: seed.surename ?? null,
    familyname: seed.familyname ?? null,
    status: '1000',
    customerNumber: seed.customerNumber,
    parentId: seed.parentId ?? null,
    categoryId: seed.categoryId,
    vatNumber: seed.vatNumber ?? null,
    defaultTimeToPay: seed.categoryId === '3' ? '14' : null,
  };
}

function addressRecord(seed: SeedContact, a: NonNullable<SeedContact['address']>, created: Date): AddressRecord {
  return {
    id: a.id,
    create: created,
    update: created,
    contactId: seed.id,
    street: a.street,
    zip: a.zip,
    city: a.city,
    countryId: a.countryId,
    categoryId: '47',
    name: seed.name ?? null,
    name2: null,
    name3: null,
    name4: null,
  };
}

function communicationWay(contactId: string, type: string, way: { id: string; value: string }, main: boolean, created: Date): CommunicationWayRecord {
  return { id: way.id, create: created, update: created, contactId, type, value: way.value, keyId: '2', main };
}
