/**
 * The demo Lexware account's contacts. Four of the demo TMS's customers already exist here (so a
 * user can link them by search), next to two look-alikes that a sloppy search would pick, and a
 * supplier that is no customer. The other TMS customers are missing on purpose: users create them.
 */
import { ORGANIZATION_ID } from './profile';
import type { Contact } from './model';

/** Stable ids: tests, demos and bookmarks can refer to them across resets. */
export const SEEDED_CONTACT_IDS = {
  nordlicht: '3f0b6c1e-1d2a-4c5e-9a01-000000010001',
  bayernLogistik: '3f0b6c1e-1d2a-4c5e-9a01-000000010002',
  rheinfracht: '3f0b6c1e-1d2a-4c5e-9a01-000000010003',
  hollandCargo: '3f0b6c1e-1d2a-4c5e-9a01-000000010006',
  nordlichtReisen: '3f0b6c1e-1d2a-4c5e-9a01-000000010011',
  bayernLogistikService: '3f0b6c1e-1d2a-4c5e-9a01-000000010012',
  tankhofElbe: '3f0b6c1e-1d2a-4c5e-9a01-000000070001',
} as const;

interface CompanySeed {
  id: string;
  name: string;
  customerNumber?: number;
  vendorNumber?: number;
  vatRegistrationId?: string;
  taxNumber?: string;
  allowTaxFreeInvoices?: boolean;
  email: string;
  phone?: string;
  billing: { street: string; zip: string; city: string; countryCode: string; supplement?: string };
  contactPerson?: { salutation: string; firstName: string; lastName: string; emailAddress: string; phoneNumber?: string };
  note?: string;
}

const SEEDS: CompanySeed[] = [
  {
    id: SEEDED_CONTACT_IDS.nordlicht,
    name: 'Spedition Nordlicht GmbH',
    customerNumber: 10001,
    vatRegistrationId: 'DE123456789',
    taxNumber: '27/123/45678',
    email: 'buchhaltung@nordlicht.example',
    phone: '040 3178220',
    billing: { street: 'Hafenstraße 12', zip: '20457', city: 'Hamburg', countryCode: 'DE' },
    contactPerson: { salutation: 'Frau', firstName: 'Jana', lastName: 'Petersen', emailAddress: 'j.petersen@nordlicht.example', phoneNumber: '040 3178221' },
  },
  {
    id: SEEDED_CONTACT_IDS.bayernLogistik,
    name: 'Bayern Logistik AG',
    customerNumber: 10002,
    vatRegistrationId: 'DE234567891',
    email: 'rechnungen@bayern-logistik.example',
    billing: { street: 'Leopoldstraße 144', zip: '80804', city: 'München', countryCode: 'DE' },
  },
  {
    id: SEEDED_CONTACT_IDS.rheinfracht,
    name: 'Rheinfracht GmbH & Co. KG',
    customerNumber: 10003,
    vatRegistrationId: 'DE345678912',
    email: 'kreditoren@rheinfracht.example',
    billing: { street: 'Deutzer Freiheit 77', zip: '50679', city: 'Köln', countryCode: 'DE', supplement: 'Kreditorenbuchhaltung' },
  },
  {
    id: SEEDED_CONTACT_IDS.hollandCargo,
    name: 'Holland Cargo B.V.',
    customerNumber: 10006,
    vatRegistrationId: 'NL853746218B01',
    allowTaxFreeInvoices: true,
    email: 'invoices@hollandcargo.example',
    billing: { street: 'Waalhaven Oostzijde 1', zip: '3087 BM', city: 'Rotterdam', countryCode: 'NL' },
  },
  {
    id: SEEDED_CONTACT_IDS.nordlichtReisen,
    name: 'Nordlicht Reisen GmbH',
    customerNumber: 10011,
    vatRegistrationId: 'DE298765431',
    email: 'info@nordlicht-reisen.example',
    billing: { street: 'Holstenstraße 40', zip: '24103', city: 'Kiel', countryCode: 'DE' },
    note: 'Busreisen, kein Frachtkunde',
  },
  {
    id: SEEDED_CONTACT_IDS.bayernLogistikService,
    name: 'Bayern Logistik Service GmbH',
    customerNumber: 10012,
    vatRegistrationId: 'DE276543219',
    email: 'service@bayern-logistik-service.example',
    billing: { street: 'Industriestraße 8', zip: '93055', city: 'Regensburg', countryCode: 'DE' },
  },
  {
    id: SEEDED_CONTACT_IDS.tankhofElbe,
    name: 'Tankhof Elbe GmbH',
    vendorNumber: 70001,
    vatRegistrationId: 'DE312456789',
    email: 'abrechnung@tankhof-elbe.example',
    billing: { street: 'Veddeler Damm 3', zip: '20539', city: 'Hamburg', countryCode: 'DE' },
    note: 'Lieferant: Diesel und AdBlue',
  },
];

function toContact(seed: CompanySeed): Contact {
  return {
    id: seed.id,
    organizationId: ORGANIZATION_ID,
    version: 1,
    roles: {
      ...(seed.customerNumber !== undefined ? { customer: { number: seed.customerNumber } } : {}),
      ...(seed.vendorNumber !== undefined ? { vendor: { number: seed.vendorNumber } } : {}),
    },
    company: {
      name: seed.name,
      ...(seed.taxNumber ? { taxNumber: seed.taxNumber } : {}),
      ...(seed.vatRegistrationId ? { vatRegistrationId: seed.vatRegistrationId } : {}),
      allowTaxFreeInvoices: seed.allowTaxFreeInvoices ?? false,
      ...(seed.contactPerson ? { contactPersons: [{ ...seed.contactPerson, primary: true }] } : {}),
    },
    addresses: { billing: [{ ...seed.billing }] },
    emailAddresses: { business: [seed.email] },
    ...(seed.phone ? { phoneNumbers: { business: [seed.phone] } } : {}),
    ...(seed.note ? { note: seed.note } : {}),
    archived: false,
  };
}

/** Fresh copies every time: a reset must not share objects with the previous run. */
export function seedContacts(): Contact[] {
  return SEEDS.map(toContact);
}

/** When the seeded contacts were "created" (long before any test runs). */
export const SEED_CREATED_DATE = '2024-03-04T10:15:00.000+01:00';
