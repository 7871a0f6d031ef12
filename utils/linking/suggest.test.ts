import { describe, expect, it } from 'vitest';
import type { Customer } from '../domain/order';
import type { BillingContact } from '../billing/provider';
import { matchContact, MAX_SUGGESTIONS, rankSuggestions } from './suggest';

const customer = (over: Partial<Customer> & Pick<Customer, 'name'>): Customer => ({ id: 'C-1', ...over });

// The Lexware Office emulator's seeded contacts (sandbox/lexware/README.md).
const lexware: BillingContact[] = [
  { id: 'lx-10001', name: 'Spedition Nordlicht GmbH', customerNumber: '10001', vatId: 'DE123456789', city: 'Hamburg' },
  { id: 'lx-10002', name: 'Bayern Logistik AG', customerNumber: '10002', vatId: 'DE234567891', city: 'München' },
  { id: 'lx-10003', name: 'Rheinfracht GmbH & Co. KG', customerNumber: '10003', vatId: 'DE345678912', city: 'Köln' },
  { id: 'lx-10006', name: 'Holland Cargo B.V.', customerNumber: '10006', vatId: 'NL853746218B01' },
  { id: 'lx-10011', name: 'Nordlicht Reisen GmbH', customerNumber: '10011', vatId: 'DE298765431', city: 'Kiel' },
  { id: 'lx-10012', name: 'Bayern Logistik Service GmbH', customerNumber: '10012', vatId: 'DE276543219', city: 'Regensburg' },
];

// The sevdesk emulator's (sandbox/sevdesk/README.md).
const sevdesk: BillingContact[] = [
  { id: '74100231', name: 'Spedition Nordlicht GmbH', customerNumber: '10001', vatId: 'DE123456789' },
  { id: '74100232', name: 'Alpentrans AG', customerNumber: '10004', vatId: 'CHE-123.456.788 MWST' },
  { id: '74100233', name: 'Polex Transport Sp. z o.o.', customerNumber: '20017', vatId: 'PL5260001246' },
  { id: '74100234', name: 'Nordlicht Reisen GmbH', customerNumber: '10011', vatId: 'DE298765431' },
  { id: '74100235', name: 'Alpentrans Logistik GmbH', customerNumber: '10012', vatId: 'ATU87654321' },
];

const ids = (customerData: Customer, contacts: BillingContact[]) => rankSuggestions(customerData, contacts).map((s) => [s.contact.id, s.reason, s.detail]);

describe('rankSuggestions on the seeded contacts', () => {
  it('suggests Spedition Nordlicht by VAT ID, never the decoy Nordlicht Reisen', () => {
    const nordlicht = customer({ name: 'Spedition Nordlicht GmbH', customerNumber: '10001', vatId: 'DE 123 456 789' });
    expect(ids(nordlicht, lexware)).toEqual([['lx-10001', 'vat-id', 'DE 123 456 789']]);
    expect(ids(nordlicht, sevdesk)).toEqual([['74100231', 'vat-id', 'DE 123 456 789']]);
  });

  it('suggests Bayern Logistik AG, not Bayern Logistik Service GmbH', () => {
    expect(ids(customer({ name: 'Bayern Logistik AG', vatId: 'DE234567891' }), lexware)).toEqual([['lx-10002', 'vat-id', 'DE234567891']]);
    // Without VAT IDs the name decides: "bayern logistik" is not "bayern logistik service".
    expect(ids(customer({ name: 'Bayern Logistik AG' }), lexware.map(({ vatId: _, ...c }) => c))).toEqual([['lx-10002', 'name', 'bayern logistik']]);
  });

  it('finds "Rheinfracht" as Rheinfracht GmbH & Co. KG by name', () => {
    expect(ids(customer({ name: 'Rheinfracht' }), lexware)).toEqual([['lx-10003', 'name', 'rheinfracht']]);
    expect(ids(customer({ name: 'RHEINFRACHT GmbH & Co. KG' }), lexware)).toEqual([['lx-10003', 'name', 'rheinfracht']]);
  });

  it('finds Polex by VAT ID although its customer numbers differ', () => {
    expect(ids(customer({ name: 'Polex Transport Sp. z o.o.', customerNumber: '10005', vatId: 'PL5260001246' }), sevdesk)).toEqual([['74100233', 'vat-id', 'PL5260001246']]);
    expect(ids(customer({ name: 'Polex Transport sp. z o. o.', customerNumber: '10005' }), sevdesk)).toEqual([['74100233', 'name', 'polex transport']]);
  });

  it('matches a Swiss VAT ID with and without its MWST suffix, and not the Austrian decoy', () => {
    expect(ids(customer({ name: 'Alpentrans AG', vatId: 'CHE123456788' }), sevdesk)).toEqual([['74100232', 'vat-id', 'CHE123456788']]);
  });

  it('suggests nothing for a customer the billing system does not have', () => {
    expect(ids(customer({ name: 'Müller & Söhne Baustoffe KG', customerNumber: '10007', vatId: 'DE456789123' }), lexware)).toEqual([]);
  });
});

describe('matchContact', () => {
  it('never suggests a contact whose VAT ID contradicts the customer\'s, even with the same name', () => {
    expect(matchContact(customer({ name: 'Spedition Nordlicht GmbH', vatId: 'DE123456789' }), { id: 'x', name: 'Spedition Nordlicht GmbH', vatId: 'DE999999999' })).toBeNull();
    expect(
      matchContact(customer({ name: 'Spedition Nordlicht GmbH', customerNumber: '10001', vatId: 'DE123456789' }), { id: 'x', name: 'Spedition Nordlicht', customerNumber: '10001', vatId: 'DE999999999' }),
    ).toBeNull();
  });

  it('matches by name when only one side has a VAT ID', () => {
    expect(matchContact(customer({ name: 'Holland Cargo B.V.', vatId: 'NL853746218B01' }), { id: 'x', name: 'Holland Cargo BV' })).toEqual({ reason: 'name', detail: 'holland cargo' });
    expect(matchContact(customer({ name: 'Holland Cargo B.V.' }), { id: 'x', name: 'Holland Cargo', vatId: 'NL853746218B01' })).toEqual({ reason: 'name', detail: 'holland cargo' });
  });

  it('treats Greek EL and GR prefixes as the same VAT ID', () => {
    expect(matchContact(customer({ name: 'Athens Freight', vatId: 'EL094014201' }), { id: 'x', name: 'Athens Freight S.A.', vatId: 'GR 094014201' })).toEqual({ reason: 'vat-id', detail: 'EL094014201' });
  });

  it('matches a customer number only when the names share a distinctive word', () => {
    const c = customer({ name: 'Rheinfracht', customerNumber: '10003' });
    expect(matchContact(c, { id: 'x', name: 'Rheinfracht Spedition GmbH', customerNumber: '010003' })).toEqual({ reason: 'customer-number', detail: '10003' });
    // A number from an unrelated numbering scheme is no evidence.
    expect(matchContact(c, { id: 'y', name: 'Bayern Logistik AG', customerNumber: '10003' })).toBeNull();
    // A shared generic word ("Spedition") is not enough either.
    expect(matchContact(customer({ name: 'Spedition Meier', customerNumber: '7' }), { id: 'z', name: 'Spedition Schulz', customerNumber: '7' })).toBeNull();
  });

  it('does not call a different name the same', () => {
    expect(matchContact(customer({ name: 'Nordlicht' }), { id: 'x', name: 'Nordlicht Reisen GmbH' })).toBeNull();
    expect(matchContact(customer({ name: 'Spedition Nordlicht GmbH' }), { id: 'x', name: 'Nordlicht Reisen GmbH' })).toBeNull();
  });
});

describe('rankSuggestions ordering', () => {
  it('puts VAT ID matches first (same name before other names), then names, then customer numbers', () => {
    const c = customer({ name: 'Rheinfracht GmbH & Co. KG', customerNumber: '10003', vatId: 'DE345678912' });
    const contacts: BillingContact[] = [
      { id: 'num', name: 'Rheinfracht Köln', customerNumber: '10003' },
      { id: 'name', name: 'Rheinfracht' },
      { id: 'vat-other-name', name: 'RF Holding', vatId: 'DE345678912' },
      { id: 'vat-same-name', name: 'Rheinfracht GmbH & Co. KG', vatId: 'DE 345 678 912' },
      { id: 'decoy', name: 'Rheinfracht', vatId: 'DE000000000' },
    ];
    expect(rankSuggestions(c, contacts).map((s) => `${s.contact.id}:${s.reason}`)).toEqual(['vat-same-name:vat-id', 'vat-other-name:vat-id', 'name:name', 'num:customer-number']);
  });

  it('lists each contact once, even when several searches found it', () => {
    const c = customer({ name: 'Spedition Nordlicht GmbH', vatId: 'DE123456789' });
    expect(rankSuggestions(c, [lexware[0]!, lexware[4]!, lexware[0]!])).toHaveLength(1);
  });

  it('keeps the list short', () => {
    const c = customer({ name: 'Rheinfracht' });
    const many = Array.from({ length: 9 }, (_, i) => ({ id: `c-${i}`, name: `Rheinfracht GmbH` }));
    expect(rankSuggestions(c, many)).toHaveLength(MAX_SUGGESTIONS);
  });
});
