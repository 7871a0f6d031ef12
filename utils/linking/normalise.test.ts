import { describe, expect, it } from 'vitest';
import { companyNameKey, coreSearchTerm, foldCase, normaliseCompanyName, normaliseCustomerNumber, normaliseVatId, vatSearchTerm } from './normalise';

describe('normaliseCompanyName', () => {
  it.each([
    ['Spedition Nordlicht GmbH', 'spedition nordlicht'],
    ['Nordlicht Reisen GmbH', 'nordlicht reisen'],
    ['Bayern Logistik AG', 'bayern logistik'],
    ['Bayern Logistik Service GmbH', 'bayern logistik service'],
    ['Rheinfracht GmbH & Co. KG', 'rheinfracht'],
    ['Rheinfracht GmbH + Co. KG', 'rheinfracht'],
    ['Rheinfracht GmbH und Co. KG', 'rheinfracht'],
    ['Rheinfracht', 'rheinfracht'],
    ['Polex Transport Sp. z o.o.', 'polex transport'],
    ['Polex Transport sp. z o. o.', 'polex transport'],
    ['Holland Cargo B.V.', 'holland cargo'],
    ['Antwerp Shipping N.V.', 'antwerp shipping'],
    ['Schwarzwald Holz eG', 'schwarzwald holz'],
    ['Müller & Söhne Baustoffe KG', 'muller sohne baustoffe'],
    ['Frost & Frische <Kühllogistik> "Nord" GmbH', 'frost frische kuhllogistik nord'],
    ['Alpentrans AG', 'alpentrans'],
    ['Donau Chemie Handels GmbH', 'donau chemie handels'],
    ['Donau Chemie Handels Ges.m.b.H.', 'donau chemie handels'],
    ['Donau Chemie Handels GesmbH', 'donau chemie handels'],
    ['Kurierdienst Schulz UG (haftungsbeschränkt)', 'kurierdienst schulz'],
    ['Kurierdienst Schulz UG (haftungsbeschränkt) & Co. KG', 'kurierdienst schulz'],
    ['Autohaus Meier e.K.', 'autohaus meier'],
    ['Tafel Hamburg e. V.', 'tafel hamburg'],
    ['Nordsee Reederei mbH', 'nordsee reederei'],
    ['Elbe Transporte OHG', 'elbe transporte'],
    ['Europa Logistics SE', 'europa logistics'],
    ['Transportes Ibéricos S.A.', 'transportes ibericos'],
    ['Trasporti Rossi S.r.l.', 'trasporti rossi'],
    ['Doprava Novák s.r.o.', 'doprava novak'],
    ['Doprava Novák spol. s r.o.', 'doprava novak'],
    ['Česká Logistika a.s.', 'ceska logistika'],
    ['Nordic Freight ApS', 'nordic freight'],
    ['Nordic Freight A/S', 'nordic freight'],
    ['Svensk Frakt AB', 'svensk frakt'],
    ['Suomen Kuljetus Oy', 'suomen kuljetus'],
    ['Channel Haulage Ltd.', 'channel haulage'],
    ['Channel Haulage Limited', 'channel haulage'],
    ['Atlantic Carriers LLC', 'atlantic carriers'],
    ['Atlantic Carriers, Inc.', 'atlantic carriers'],
    ['Transports Dupont SARL', 'transports dupont'],
    ['Transports Dupont SAS', 'transports dupont'],
    ['Łódź Cargo Sp. z o.o.', 'lodz cargo'],
    ['Straßen-Logistik GmbH', 'strassen logistik'],
    ['Meier & Co.', 'meier'],
  ])('%s → %s', (name, expected) => {
    expect(normaliseCompanyName(name)).toBe(expected);
  });

  it('never reduces a name to nothing: a name that is only a legal form stays', () => {
    expect(normaliseCompanyName('AG')).toBe('ag');
    expect(normaliseCompanyName('GmbH & Co. KG')).toBe('gmbh');
  });

  it('removes legal forms only at the end', () => {
    expect(normaliseCompanyName('AG Logistik Nord')).toBe('ag logistik nord');
  });
});

describe('companyNameKey', () => {
  it('compares names without case, punctuation, spaces and legal forms', () => {
    expect(companyNameKey('Rheinfracht GmbH & Co. KG')).toBe(companyNameKey('RHEINFRACHT'));
    expect(companyNameKey('Rhein-Fracht GmbH')).toBe(companyNameKey('Rheinfracht'));
    expect(companyNameKey('Polex Transport Sp. z o.o.')).toBe(companyNameKey('POLEX TRANSPORT'));
  });

  it('treats umlauts and their spelled-out forms alike', () => {
    expect(companyNameKey('Müller & Söhne Baustoffe KG')).toBe(companyNameKey('Mueller und Soehne Baustoffe'));
    expect(companyNameKey('Müller Baustoffe')).toBe(companyNameKey('Muller Baustoffe'));
  });

  it('keeps the seeded decoys apart', () => {
    expect(companyNameKey('Nordlicht Reisen GmbH')).not.toBe(companyNameKey('Spedition Nordlicht GmbH'));
    expect(companyNameKey('Bayern Logistik Service GmbH')).not.toBe(companyNameKey('Bayern Logistik AG'));
    expect(companyNameKey('Alpentrans Logistik GmbH')).not.toBe(companyNameKey('Alpentrans AG'));
  });
});

describe('foldCase', () => {
  it('drops diacritics and folds letters Unicode does not decompose', () => {
    expect(foldCase('Ärger Öl Über Straße Łódź Ørsted Æble')).toBe('arger ol uber strasse lodz orsted aeble');
  });
});

describe('coreSearchTerm', () => {
  it.each([
    ['Spedition Nordlicht GmbH', 'Nordlicht'],
    ['Bayern Logistik AG', 'Bayern'],
    ['Rheinfracht GmbH & Co. KG', 'Rheinfracht'],
    ['Polex Transport Sp. z o.o.', 'Polex'],
    ['Holland Cargo B.V.', 'Holland'],
    ['Alpentrans AG', 'Alpentrans'],
    ['Müller & Söhne Baustoffe KG', 'Baustoffe'],
    ['Frost & Frische <Kühllogistik> "Nord" GmbH', 'Kühllogistik'],
    ['Rhein-Fracht Logistik GmbH', 'Rhein-Fracht'],
    ['Spedition Logistik GmbH', 'Spedition'],
  ])('%s → %s', (name, term) => {
    expect(coreSearchTerm(name)).toBe(term);
  });

  it('gives up on names without a word of three characters', () => {
    expect(coreSearchTerm('A & B KG')).toBeNull();
  });
});

describe('normaliseVatId', () => {
  it.each([
    ['DE 123 456 789', 'DE123456789'],
    ['de123456789', 'DE123456789'],
    ['DE-123.456.789', 'DE123456789'],
    ['EL123456789', 'EL123456789'],
    ['GR123456789', 'EL123456789'],
    ['CHE-123.456.788 MWST', 'CHE123456788'],
    ['CHE-123.456.788 TVA', 'CHE123456788'],
    ['CHE 123 456 788 IVA', 'CHE123456788'],
    ['CHE123456788', 'CHE123456788'],
    ['NL853746218B01', 'NL853746218B01'],
    ['ATU 12345678', 'ATU12345678'],
  ])('%s → %s', (text, expected) => {
    expect(normaliseVatId(text)).toBe(expected);
  });

  it('has nothing for nothing', () => {
    expect(normaliseVatId(undefined)).toBeNull();
    expect(normaliseVatId('')).toBeNull();
    expect(normaliseVatId(' - ')).toBeNull();
  });
});

describe('vatSearchTerm', () => {
  it('writes the VAT ID the way the billing systems compare it when scanning', () => {
    expect(vatSearchTerm('DE 123 456 789')).toBe('DE123456789');
    expect(vatSearchTerm('CHE-123.456.788 MWST')).toBe('CHE123456788MWST');
    expect(vatSearchTerm('DE1')).toBeNull();
    expect(vatSearchTerm(undefined)).toBeNull();
  });
});

describe('normaliseCustomerNumber', () => {
  it('ignores leading zeros and spaces', () => {
    expect(normaliseCustomerNumber('010001')).toBe('10001');
    expect(normaliseCustomerNumber(' 10 001 ')).toBe('10001');
    expect(normaliseCustomerNumber('0')).toBe('0');
    expect(normaliseCustomerNumber('k-100')).toBe('K-100');
    expect(normaliseCustomerNumber('')).toBeNull();
  });
});
