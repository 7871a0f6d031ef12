/**
 * Contacts, their addresses and communication ways (e-mail, phone). sevdesk keeps the three
 * apart: a contact has no address or e-mail fields, so creating a customer takes three POSTs.
 */
import type { EmuRequest, Router } from '../kit/http';
import { applyEmbed, flag, ref, type Context } from './context';
import { countryById } from './countries';
import { byIdResponse, createdResponse, listResponse, okResponse, readEmbed, readRefFilter } from './envelope';
import { CODE_NOT_FOUND, badRequest, errorResponse, guarded, notFound } from './errors';
import { formatInstant } from './dates';
import { toText } from './decimal';
import { SEV_CLIENT, categoryById, communicationWayKeyById } from './lookups';
import { emptyContact } from './seed';
import type { AddressRecord, CommunicationWayRecord, ContactRecord } from './store';
import {
  readBool,
  readDecimal,
  readInteger,
  readRef,
  readText,
  requireBody,
  requireRef,
  type JsonObject,
} from './validation';

export const isPerson = (c: ContactRecord) => Boolean(c.surename || c.familyname);

export function displayName(c: ContactRecord): string {
  return isPerson(c) ? [c.surename, c.familyname].filter(Boolean).join(' ') : (c.name ?? '');
}

// Responses ------------------------------------------------------------------------------------

export function contactResponse(c: ContactRecord) {
  return {
    id: c.id,
    objectName: 'Contact',
    additionalInformation: null,
    create: formatInstant(c.create),
    update: formatInstant(c.update),
    name: c.name,
    status: c.status,
    customerNumber: c.customerNumber,
    parent: c.parentId ? ref(c.parentId, 'Contact') : null,
    surename: c.surename,
    familyname: c.familyname,
    titel: c.titel,
    category: ref(c.categoryId, 'Category'),
    description: c.description,
    academicTitle: c.academicTitle,
    gender: c.gender,
    sevClient: SEV_CLIENT,
    name2: c.name2,
    birthday: c.birthday,
    vatNumber: c.vatNumber,
    bankAccount: c.bankAccount,
    bankNumber: c.bankNumber,
    defaultCashbackTime: c.defaultCashbackTime,
    defaultCashbackPercent: c.defaultCashbackPercent,
    defaultTimeToPay: c.defaultTimeToPay,
    taxNumber: c.taxNumber,
    taxOffice: c.taxOffice,
    exemptVat: flag(c.exemptVat),
    defaultDiscountAmount: c.defaultDiscountAmount,
    defaultDiscountPercentage: flag(c.defaultDiscountPercentage),
    buyerReference: c.buyerReference,
    governmentAgency: flag(c.governmentAgency),
  };
}

export function addressResponse(a: AddressRecord) {
  return {
    id: a.id,
    objectName: 'ContactAddress',
    create: formatInstant(a.create),
    update: formatInstant(a.update),
    contact: ref(a.contactId, 'Contact'),
    street: a.street,
    zip: a.zip,
    city: a.city,
    country: ref(a.countryId, 'StaticCountry'),
    category: ref(a.categoryId, 'Category'),
    name: a.name,
    sevClient: SEV_CLIENT,
    name2: a.name2,
    name3: a.name3,
    name4: a.name4,
  };
}

export function communicationWayResponse(w: CommunicationWayRecord) {
  return {
    id: w.id,
    objectName: 'CommunicationWay',
    create: formatInstant(w.create),
    update: formatInstant(w.update),
    contact: ref(w.contactId, 'Contact'),
    type: w.type,
    value: w.value,
    key: ref(w.keyId, 'CommunicationWayKey'),
    main: flag(w.main),
    sevClient: SEV_CLIENT,
  };
}

/** A contact with what `embed=` asked for, including its addresses and communication ways. */
function embeddedContact(ctx: Context, c: ContactRecord, embed: ReadonlySet<string>) {
  const out: Record<string, unknown> = applyEmbed(contactResponse(c), embed, ctx.resolve);
  if (embed.has('addresses')) out.addresses = ctx.store.addressesOf(c.id).map(addressResponse);
  if (embed.has('communicationWays')) out.communicationWays = ctx.store.communicationWaysOf(c.id).map(communicationWayResponse);
  return out;
}

/** The contact view used by the sandbox inspection: everything that belongs to it. */
export function inspectContact(ctx: Context, c: ContactRecord) {
  return embeddedContact(ctx, c, new Set(['addresses', 'communicationWays']));
}

export function requireContact(ctx: Context, id: string): ContactRecord {
  const contact = ctx.store.contacts.get(id);
  if (!contact) throw notFound('Contact', id);
  return contact;
}

// Listing -------------------------------------------------------------------------------------

interface ContactFilter {
  withPersons: boolean;
  name?: string;
  customerNumber?: string;
  categoryId?: string;
  parentId?: string;
  countryId?: string;
  city?: string;
  zip?: string;
}

function readContactFilter(req: EmuRequest): ContactFilter {
  const q = req.query;
  const depth = q.get('depth');
  const filter: ContactFilter = { withPersons: depth === '1' || depth === 'true' };
  const name = q.get('name')?.trim().toLowerCase();
  if (name) filter.name = name;
  const customerNumber = q.get('customerNumber');
  if (customerNumber !== null) filter.customerNumber = customerNumber.trim();
  const categoryId = readRefFilter(req, 'category', 'Category');
  if (categoryId !== undefined) filter.categoryId = categoryId;
  const parentId = readRefFilter(req, 'parent', 'Contact');
  if (parentId !== undefined) filter.parentId = parentId;
  const countryId = readRefFilter(req, 'country', 'StaticCountry');
  if (countryId !== undefined) filter.countryId = countryId;
  const city = q.get('city')?.trim().toLowerCase();
  if (city) filter.city = city;
  const zip = q.get('zip')?.trim();
  if (zip) filter.zip = zip;
  return filter;
}

function contactMatches(ctx: Context, c: ContactRecord, f: ContactFilter): boolean {
  if (!f.withPersons && isPerson(c)) return false;
  if (f.name) {
    const fields = [c.name, c.name2, c.surename, c.familyname, displayName(c)];
    if (!fields.some((field) => field?.toLowerCase().includes(f.name!))) return false;
  }
  if (f.customerNumber !== undefined && c.customerNumber !== f.customerNumber) return false;
  if (f.categoryId !== undefined && c.categoryId !== f.categoryId) return false;
  if (f.parentId !== undefined && c.parentId !== f.parentId) return false;
  if (f.countryId !== undefined || f.city || f.zip) {
    const found = ctx.store
      .addressesOf(c.id)
      .some((a) => (f.countryId === undefined || a.countryId === f.countryId) && (!f.city || a.city?.toLowerCase() === f.city) && (!f.zip || a.zip === f.zip));
    if (!found) return false;
  }
  return true;
}

function listContacts(ctx: Context, req: EmuRequest) {
  const filter = readContactFilter(req);
  let contacts = [...ctx.store.contacts.values()].filter((c) => contactMatches(ctx, c, filter));
  const order = req.query.get('orderByCustomerNumber')?.toUpperCase();
  if (order === 'ASC' || order === 'DESC') {
    const sign = order === 'ASC' ? 1 : -1;
    contacts = contacts.sort((a, b) => sign * (a.customerNumber ?? '').localeCompare(b.customerNumber ?? '', 'de', { numeric: true }));
  }
  const embed = readEmbed(req);
  return listResponse(
    req,
    contacts.map((c) => embeddedContact(ctx, c, embed)),
  );
}

// Creating ------------------------------------------------------------------------------------

const CONTACT_STATUSES = new Set(['100', '500', '1000']);

function text(body: JsonObject, field: string): string | null {
  const value = readText(body[field], field);
  return value === undefined || value === '' ? null : value;
}

function createContact(ctx: Context, body: JsonObject): ContactRecord {
  const categoryId = requireRef(body.category, 'category', 'Category');
  const category = categoryById(categoryId);
  if (!category || category.objectType !== 'Contact') {
    throw badRequest(`Category with id ${categoryId} is not a contact category (Supplier 2, Customer 3, Partner 4, Prospect Customer 28)`);
  }
  const name = text(body, 'name');
  const surename = text(body, 'surename');
  const familyname = text(body, 'familyname');
  if (!name && !surename && !familyname) {
    throw badRequest('A contact needs a name (organisation) or a surename and/or familyname (person).');
  }
  const status = readInteger(body.status, 'status');
  if (status !== undefined && !CONTACT_STATUSES.has(String(status))) {
    throw badRequest(`status must be 100, 500 or 1000, ${status} given`);
  }
  const parentId = readRef(body.parent, 'parent', 'Contact');
  let parent: ContactRecord | undefined;
  if (parentId !== undefined) {
    parent = requireContact(ctx, parentId);
    if (isPerson(parent)) throw badRequest(`parent must be an organisation, contact ${parentId} is a person`);
  }
  const decimalText = (field: string) => {
    const d = readDecimal(body[field], field);
    return d ? toText(d) : null;
  };
  const integerText = (field: string) => {
    const n = readInteger(body[field], field);
    return n === undefined ? null : String(n);
  };

  const now = ctx.now();
  const contact: ContactRecord = {
    ...emptyContact(ctx.store.newId('contact'), now),
    name,
    surename,
    familyname,
    name2: text(body, 'name2'),
    titel: text(body, 'titel'),
    academicTitle: text(body, 'academicTitle'),
    gender: text(body, 'gender'),
    birthday: text(body, 'birthday'),
    description: text(body, 'description'),
    status: status === undefined ? '100' : String(status),
    parentId: parentId ?? null,
    categoryId,
    vatNumber: text(body, 'vatNumber'),
    taxNumber: text(body, 'taxNumber'),
    taxOffice: text(body, 'taxOffice'),
    bankAccount: text(body, 'bankAccount'),
    bankNumber: text(body, 'bankNumber'),
    buyerReference: text(body, 'buyerReference'),
    defaultTimeToPay: integerText('defaultTimeToPay'),
    defaultCashbackTime: integerText('defaultCashbackTime'),
    defaultCashbackPercent: decimalText('defaultCashbackPercent'),
    defaultDiscountAmount: decimalText('defaultDiscountAmount'),
    defaultDiscountPercentage: readBool(body.defaultDiscountPercentage, 'defaultDiscountPercentage') ?? false,
    exemptVat: readBool(body.exemptVat, 'exemptVat') ?? false,
    governmentAgency: readBool(body.governmentAgency, 'governmentAgency') ?? false,
  };
  // Observed live (codecell notes): a person under an organisation takes the organisation's
  // customer number, whatever was sent.
  contact.customerNumber = parent?.customerNumber ?? text(body, 'customerNumber') ?? ctx.store.takeCustomerNumber();
  ctx.store.contacts.set(contact.id, contact);
  return contact;
}

/** Text fields `PUT /Contact/{id}` changes (Model_ContactUpdate); others are kept. `null` clears. */
const UPDATABLE_TEXTS = ['name', 'name2', 'surename', 'familyname', 'description', 'vatNumber', 'taxNumber', 'taxOffice', 'buyerReference'] as const;

/**
 * `PUT /Contact/{id}`: updates the fields sent (how a client adds a Leitweg-ID or VAT id to an
 * existing customer). Category, parent and customer number changes are not emulated (400).
 */
function updateContact(ctx: Context, contact: ContactRecord, body: JsonObject): ContactRecord {
  for (const field of ['category', 'parent', 'customerNumber'] as const) {
    if (body[field] !== undefined) throw badRequest(`Changing ${field} is not supported by the sevdesk sandbox emulator`);
  }
  const next: ContactRecord = { ...contact };
  for (const field of UPDATABLE_TEXTS) {
    if (body[field] !== undefined) next[field] = text(body, field);
  }
  if (body.governmentAgency !== undefined) next.governmentAgency = readBool(body.governmentAgency, 'governmentAgency') ?? false;
  if (body.exemptVat !== undefined) next.exemptVat = readBool(body.exemptVat, 'exemptVat') ?? false;
  if (body.defaultTimeToPay !== undefined) {
    const n = readInteger(body.defaultTimeToPay, 'defaultTimeToPay');
    next.defaultTimeToPay = n === undefined ? null : String(n);
  }
  if (!next.name && !next.surename && !next.familyname) throw badRequest('A contact needs a name, or a surename or familyname');
  next.update = ctx.now();
  ctx.store.contacts.set(contact.id, next);
  return next;
}

function createAddress(ctx: Context, body: JsonObject): AddressRecord {
  const contactId = requireRef(body.contact, 'contact', 'Contact');
  requireContact(ctx, contactId);
  const countryId = requireRef(body.country, 'country', 'StaticCountry');
  if (!countryById(countryId)) throw notFound('StaticCountry', countryId);
  const categoryId = requireRef(body.category, 'category', 'Category');
  const category = categoryById(categoryId);
  if (!category || category.objectType !== 'ContactAddress') {
    throw badRequest(`Category with id ${categoryId} is not a contact address category; see GET /Category?objectType=ContactAddress`);
  }
  const now = ctx.now();
  const address: AddressRecord = {
    id: ctx.store.newId('address'),
    create: now,
    update: now,
    contactId,
    street: text(body, 'street'),
    zip: text(body, 'zip'),
    city: text(body, 'city'),
    countryId,
    categoryId,
    name: text(body, 'name'),
    name2: text(body, 'name2'),
    name3: text(body, 'name3'),
    name4: text(body, 'name4'),
  };
  ctx.store.addresses.set(address.id, address);
  return address;
}

const COMMUNICATION_TYPES = new Set(['EMAIL', 'PHONE', 'WEB', 'MOBILE']);

function createCommunicationWay(ctx: Context, body: JsonObject): CommunicationWayRecord {
  const contactId = requireRef(body.contact, 'contact', 'Contact');
  requireContact(ctx, contactId);
  const type = readText(body.type, 'type');
  if (!type) throw badRequest('type is required.');
  if (!COMMUNICATION_TYPES.has(type)) throw badRequest(`type must be one of EMAIL, PHONE, WEB, MOBILE, '${type}' given`);
  const value = readText(body.value, 'value');
  if (!value) throw badRequest('value is required.');
  const keyId = requireRef(body.key, 'key', 'CommunicationWayKey');
  if (!communicationWayKeyById(keyId)) throw notFound('CommunicationWayKey', keyId);
  const now = ctx.now();
  const way: CommunicationWayRecord = {
    id: ctx.store.newId('communicationWay'),
    create: now,
    update: now,
    contactId,
    type,
    value,
    keyId,
    main: readBool(body.main, 'main') ?? false,
  };
  ctx.store.communicationWays.set(way.id, way);
  return way;
}

// Routes --------------------------------------------------------------------------------------

export function contactRoutes(r: Router, ctx: Context): void {
  const { store } = ctx;
  r.get(
    '/api/v1/Contact',
    guarded((req) => listContacts(ctx, req)),
  );
  r.get(
    '/api/v1/Contact/Factory/getNextCustomerNumber',
    guarded(() => okResponse(store.peekCustomerNumber())),
  );
  r.get(
    '/api/v1/Contact/Mapper/checkCustomerNumberAvailability',
    guarded((req) => {
      const number = req.query.get('customerNumber');
      // Observed live (codecell quirks): without the parameter the endpoint fails with a 500.
      if (!number) return errorResponse(500, 'An internal server error has occurred');
      return okResponse(![...store.contacts.values()].some((c) => c.customerNumber === number));
    }),
  );
  r.get(
    '/api/v1/Contact/:id',
    guarded((req) => {
      const contact = store.contacts.get(req.params.id ?? '');
      if (!contact) throw badRequest('Contact was not found', CODE_NOT_FOUND);
      return byIdResponse(embeddedContact(ctx, contact, readEmbed(req)));
    }),
  );
  r.post(
    '/api/v1/Contact',
    guarded((req) => createdResponse(contactResponse(createContact(ctx, requireBody(req.body, req.bodyError))))),
  );
  r.put(
    '/api/v1/Contact/:id',
    guarded((req) => {
      const contact = store.contacts.get(req.params.id ?? '');
      if (!contact) throw badRequest('Contact was not found', CODE_NOT_FOUND);
      return okResponse(contactResponse(updateContact(ctx, contact, requireBody(req.body, req.bodyError))));
    }),
  );

  r.get(
    '/api/v1/ContactAddress',
    guarded((req) => {
      const contactId = readRefFilter(req, 'contact', 'Contact');
      const embed = readEmbed(req);
      const items = [...store.addresses.values()]
        .filter((a) => contactId === undefined || a.contactId === contactId)
        .map((a) => applyEmbed(addressResponse(a), embed, ctx.resolve));
      return listResponse(req, items);
    }),
  );
  r.get(
    '/api/v1/ContactAddress/:id',
    guarded((req) => {
      const address = store.addresses.get(req.params.id ?? '');
      if (!address) throw badRequest('ContactAddress was not found', CODE_NOT_FOUND);
      return byIdResponse(applyEmbed(addressResponse(address), readEmbed(req), ctx.resolve));
    }),
  );
  r.post(
    '/api/v1/ContactAddress',
    guarded((req) => createdResponse(addressResponse(createAddress(ctx, requireBody(req.body, req.bodyError))))),
  );

  r.get(
    '/api/v1/CommunicationWay',
    guarded((req) => {
      const contactId = readRefFilter(req, 'contact', 'Contact');
      const type = req.query.get('type');
      const main = req.query.get('main');
      const embed = readEmbed(req);
      const items = [...store.communicationWays.values()]
        .filter((w) => contactId === undefined || w.contactId === contactId)
        .filter((w) => type === null || w.type === type)
        .filter((w) => main === null || flag(w.main) === (main === 'true' || main === '1' ? '1' : '0'))
        .map((w) => applyEmbed(communicationWayResponse(w), embed, ctx.resolve));
      return listResponse(req, items);
    }),
  );
  r.get(
    '/api/v1/CommunicationWay/:id',
    guarded((req) => {
      const way = store.communicationWays.get(req.params.id ?? '');
      if (!way) throw badRequest('CommunicationWay was not found', CODE_NOT_FOUND);
      return byIdResponse(applyEmbed(communicationWayResponse(way), readEmbed(req), ctx.resolve));
    }),
  );
  r.post(
    '/api/v1/CommunicationWay',
    guarded((req) => createdResponse(communicationWayResponse(createCommunicationWay(ctx, requireBody(req.body, req.bodyError))))),
  );
}

