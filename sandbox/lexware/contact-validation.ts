/**
 * Validation of contact bodies (POST and PUT), answering in the legacy IssueList vocabulary:
 * `missing_entity` for an absent required value, `invalid_value` for a present but wrong one.
 * It also normalises the body to the documented fields; everything else is dropped.
 */
import type { LegacyIssue } from './errors';
import { EMAIL_KINDS, PHONE_KINDS, type Contact, type ContactPerson, type PostalAddress } from './model';

export const MAX_NOTE_LENGTH = 1000;
export const MAX_SALUTATION_LENGTH = 25;
/** ISO 3166 alpha-2, plus Lexware's extended codes for tax territories (`ES_CN`, `GR_69`). */
const COUNTRY_CODE = /^[A-Z]{2}(?:_[A-Z0-9]{1,3})?$/;

export interface ContactInput {
  version: number;
  roles: { customer: boolean; vendor: boolean };
  company?: NonNullable<Contact['company']>;
  person?: NonNullable<Contact['person']>;
  addresses?: NonNullable<Contact['addresses']>;
  xRechnung?: NonNullable<Contact['xRechnung']>;
  emailAddresses?: NonNullable<Contact['emailAddresses']>;
  phoneNumbers?: NonNullable<Contact['phoneNumbers']>;
  note?: string;
}

export type ContactValidation = { ok: true; input: ContactInput } | { ok: false; issues: LegacyIssue[] };

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined && v !== null;

class Issues {
  readonly list: LegacyIssue[] = [];
  missing(source: string): void {
    this.list.push({ i18nKey: 'missing_entity', source });
  }
  invalid(source: string): void {
    this.list.push({ i18nKey: 'invalid_value', source });
  }

  /** An optional string; wrong types and over-long values are reported. */
  text(obj: Json, key: string, source: string, max?: number): string | undefined {
    const value = obj[key];
    if (!present(value)) return undefined;
    if (typeof value !== 'string' || (max !== undefined && value.length > max)) {
      this.invalid(source);
      return undefined;
    }
    return value;
  }

  requiredText(obj: Json, key: string, source: string): string | undefined {
    const value = obj[key];
    if (!present(value) || (typeof value === 'string' && value.trim() === '')) {
      this.missing(source);
      return undefined;
    }
    return this.text(obj, key, source);
  }

  bool(obj: Json, key: string, source: string): boolean | undefined {
    const value = obj[key];
    if (!present(value)) return undefined;
    if (typeof value !== 'boolean') {
      this.invalid(source);
      return undefined;
    }
    return value;
  }

  /** A list that create and update allow with at most one entry. */
  singleEntryList(obj: Json, key: string, source: string): unknown[] | undefined {
    const value = obj[key];
    if (!present(value)) return undefined;
    if (!Array.isArray(value) || value.length > 1) {
      this.invalid(source);
      return undefined;
    }
    return value;
  }
}

/** Drops undefined fields so stored resources serialise like the API's (no `"x": null` noise). */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function contactPerson(issues: Issues, raw: unknown, source: string): ContactPerson | undefined {
  if (!isRecord(raw)) {
    issues.invalid(source);
    return undefined;
  }
  const lastName = issues.requiredText(raw, 'lastName', `${source}.lastName`);
  const person = compact({
    salutation: issues.text(raw, 'salutation', `${source}.salutation`, MAX_SALUTATION_LENGTH),
    firstName: issues.text(raw, 'firstName', `${source}.firstName`),
    lastName: lastName ?? '',
    primary: issues.bool(raw, 'primary', `${source}.primary`),
    emailAddress: issues.text(raw, 'emailAddress', `${source}.emailAddress`),
    phoneNumber: issues.text(raw, 'phoneNumber', `${source}.phoneNumber`),
  });
  return person;
}

function company(issues: Issues, raw: unknown): ContactInput['company'] {
  if (!isRecord(raw)) {
    issues.invalid('company');
    return undefined;
  }
  const name = issues.requiredText(raw, 'name', 'company.name');
  const persons = issues.singleEntryList(raw, 'contactPersons', 'company.contactPersons');
  const contactPersons = persons?.map((p, i) => contactPerson(issues, p, `company.contactPersons[${i}]`)).filter((p): p is ContactPerson => !!p);
  return compact({
    name: name ?? '',
    taxNumber: issues.text(raw, 'taxNumber', 'company.taxNumber'),
    vatRegistrationId: issues.text(raw, 'vatRegistrationId', 'company.vatRegistrationId'),
    allowTaxFreeInvoices: issues.bool(raw, 'allowTaxFreeInvoices', 'company.allowTaxFreeInvoices') ?? false,
    contactPersons: contactPersons && contactPersons.length > 0 ? contactPersons : undefined,
  });
}

function person(issues: Issues, raw: unknown): ContactInput['person'] {
  if (!isRecord(raw)) {
    issues.invalid('person');
    return undefined;
  }
  const lastName = issues.requiredText(raw, 'lastName', 'person.lastName');
  return compact({
    salutation: issues.text(raw, 'salutation', 'person.salutation', MAX_SALUTATION_LENGTH),
    firstName: issues.text(raw, 'firstName', 'person.firstName'),
    lastName: lastName ?? '',
  });
}

function postalAddress(issues: Issues, raw: unknown, source: string): PostalAddress | undefined {
  if (!isRecord(raw)) {
    issues.invalid(source);
    return undefined;
  }
  let countryCode = issues.requiredText(raw, 'countryCode', `${source}.countryCode`);
  if (countryCode !== undefined && !COUNTRY_CODE.test(countryCode)) {
    issues.invalid(`${source}.countryCode`);
    countryCode = undefined;
  }
  return compact({
    supplement: issues.text(raw, 'supplement', `${source}.supplement`),
    street: issues.text(raw, 'street', `${source}.street`),
    zip: issues.text(raw, 'zip', `${source}.zip`),
    city: issues.text(raw, 'city', `${source}.city`),
    countryCode: countryCode ?? '',
  });
}

function addresses(issues: Issues, raw: unknown): ContactInput['addresses'] {
  if (!present(raw)) return undefined;
  if (!isRecord(raw)) {
    issues.invalid('addresses');
    return undefined;
  }
  const out: NonNullable<ContactInput['addresses']> = {};
  for (const kind of ['billing', 'shipping'] as const) {
    const list = issues.singleEntryList(raw, kind, `addresses.${kind}`);
    const parsed = list?.map((a, i) => postalAddress(issues, a, `addresses.${kind}[${i}]`)).filter((a): a is PostalAddress => !!a);
    if (parsed && parsed.length > 0) out[kind] = parsed;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function communicationLists<K extends string>(issues: Issues, raw: unknown, field: string, kinds: readonly K[]): Partial<Record<K, string[]>> | undefined {
  if (!present(raw)) return undefined;
  if (!isRecord(raw)) {
    issues.invalid(field);
    return undefined;
  }
  const out: Partial<Record<K, string[]>> = {};
  for (const kind of kinds) {
    const list = issues.singleEntryList(raw, kind, `${field}.${kind}`);
    if (!list || list.length === 0) continue;
    if (typeof list[0] !== 'string' || list[0].trim() === '') issues.invalid(`${field}.${kind}[0]`);
    else out[kind] = [list[0]];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function xRechnung(issues: Issues, raw: unknown): ContactInput['xRechnung'] {
  if (!present(raw)) return undefined;
  if (!isRecord(raw)) {
    issues.invalid('xRechnung');
    return undefined;
  }
  const out = compact({
    buyerReference: issues.text(raw, 'buyerReference', 'xRechnung.buyerReference'),
    vendorNumberAtCustomer: issues.text(raw, 'vendorNumberAtCustomer', 'xRechnung.vendorNumberAtCustomer'),
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

function roles(issues: Issues, raw: unknown): ContactInput['roles'] {
  const out = { customer: false, vendor: false };
  if (!isRecord(raw)) {
    issues.missing('roles');
    return out;
  }
  for (const role of ['customer', 'vendor'] as const) {
    const value = raw[role];
    if (!present(value)) continue;
    // A role is given as an (empty) object; its number is read-only and assigned by Lexware.
    if (!isRecord(value)) issues.invalid(`roles.${role}`);
    else out[role] = true;
  }
  if (!out.customer && !out.vendor && issues.list.every((i) => !i.source.startsWith('roles'))) issues.missing('roles');
  return out;
}

/** Validates a contact body. POST needs version 0; for PUT the caller compares the version (409). */
export function validateContact(body: Json, mode: 'create' | 'update'): ContactValidation {
  const issues = new Issues();

  const version = body.version;
  if (!present(version)) issues.missing('version');
  else if (typeof version !== 'number' || !Number.isInteger(version) || (mode === 'create' && version !== 0)) issues.invalid('version');

  const input: ContactInput = { version: typeof version === 'number' ? version : 0, roles: roles(issues, body.roles) };

  const hasCompany = present(body.company);
  const hasPerson = present(body.person);
  if (hasCompany && hasPerson) issues.invalid('company and person');
  else if (!hasCompany && !hasPerson) issues.missing('company and person');
  else if (hasCompany) input.company = company(issues, body.company);
  else input.person = person(issues, body.person);

  input.addresses = addresses(issues, body.addresses);
  input.xRechnung = xRechnung(issues, body.xRechnung);
  input.emailAddresses = communicationLists(issues, body.emailAddresses, 'emailAddresses', EMAIL_KINDS);
  input.phoneNumbers = communicationLists(issues, body.phoneNumbers, 'phoneNumbers', PHONE_KINDS);
  input.note = issues.text(body, 'note', 'note', MAX_NOTE_LENGTH);

  return issues.list.length > 0 ? { ok: false, issues: issues.list } : { ok: true, input: compact(input) };
}
