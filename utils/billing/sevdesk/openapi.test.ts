// @vitest-environment node
/**
 * Checks the golden request bodies against sevdesk's official OpenAPI spec. The spec
 * contradicts itself in places (billing-apis.md §2); those places are listed in
 * openapi-official.ts as exemptions, each with its reason, and the test fails if an exemption
 * is no longer needed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXEMPTIONS, isExempt as exempt, officialSpec, requestSchema as schemaOf } from './openapi-official';
import { validateAgainst } from './openapi-subset';

const FIXTURES = path.join(__dirname, 'fixtures');

const loaded = officialSpec();
const skipReason = loaded.ok ? '' : loaded.skipReason;
if (skipReason) console.warn(`[sevdesk OpenAPI check] ${skipReason}`);
const title = (name: string) => (skipReason ? `${name} (${skipReason})` : name);

let spec: Record<string, unknown>;

const requestSchema = (route: string) => schemaOf(spec, 'post', route);

const check = (route: string, body: unknown) => validateAgainst(spec, requestSchema(route), body);
const readFixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const invoiceFixtures = () => readdirSync(FIXTURES).filter((f) => /^invoice-.*\.json$/.test(f));

const itWithSpec = it.skipIf(skipReason !== '');

describe('sevdesk request bodies against the official OpenAPI spec', () => {
  beforeAll(() => {
    if (loaded.ok) spec = loaded.spec;
  });

  itWithSpec(title('every golden saveInvoice body fits POST /Invoice/Factory/saveInvoice, apart from the listed exemptions'), () => {
    expect(invoiceFixtures().length).toBeGreaterThanOrEqual(4);
    for (const file of invoiceFixtures()) {
      const issues = check('/Invoice/Factory/saveInvoice', readFixture(file)).filter((i) => !exempt(i));
      expect({ file, issues }).toEqual({ file, issues: [] });
    }
  });

  itWithSpec(title('every exemption is still needed'), () => {
    const raw = invoiceFixtures().flatMap((file) => check('/Invoice/Factory/saveInvoice', readFixture(file)));
    for (const e of EXEMPTIONS) expect(raw, e.why).toContainEqual({ path: e.path, problem: e.problem });
  });

  itWithSpec(title('the contact, its address and its e-mail address fit POST /Contact, /ContactAddress, /CommunicationWay'), () => {
    const { contact, address, communicationWay } = readFixture('contact-company.json');
    expect(check('/Contact', contact)).toEqual([]);
    expect(check('/ContactAddress', address)).toEqual([]);
    expect(check('/CommunicationWay', communicationWay)).toEqual([]);
  });

  itWithSpec(title('the check bites: wrong types, unknown enum values, typos and missing fields are reported'), () => {
    const body = readFixture('invoice-domestic-eur.json') as { invoice: Record<string, unknown>; invoicePosSave: Record<string, unknown>[] };
    const broken = {
      ...body,
      invoice: { ...body.invoice, status: 100, taxRule: { id: '12', objectName: 'TaxRule' }, currencyy: 'EUR', mapAll: undefined, sumGross: 1 },
      invoicePosSave: [{ ...body.invoicePosSave[0], unity: { id: '8305', objectName: 'Unity' } }],
    };
    const issues = check('/Invoice/Factory/saveInvoice', JSON.parse(JSON.stringify(broken))).filter((i) => !exempt(i));
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '$.invoice.status', problem: 'is number, the schema wants string' },
        { path: '$.invoice.taxRule.id', problem: expect.stringContaining('"12" is not one of') },
        { path: '$.invoice', problem: "property 'currencyy' is not declared" },
        { path: '$.invoice', problem: "required property 'mapAll' is missing" },
        { path: '$.invoice', problem: "property 'sumGross' is read-only" },
        { path: '$.invoicePosSave[0].unity.id', problem: 'is string, the schema wants integer' },
      ]),
    );
  });
});
