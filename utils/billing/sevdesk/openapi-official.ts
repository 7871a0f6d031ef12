/**
 * The official sevdesk OpenAPI spec, for the tests that check our request bodies against it
 * (openapi.test.ts on the golden bodies, tests/e2e/tax-cases.spec.ts on what the emulator
 * received), and the places where the spec contradicts its own API, each with its reason.
 * Used by the tests only.
 *
 * The spec lives beside the project (../shared/api), which a fresh clone may lack; no YAML
 * parser is a dependency either (js-yaml is in node_modules through ESLint). Then
 * `officialSpec()` says why it can't check, and the callers skip the OpenAPI check.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { validateAgainst, type SchemaIssue } from './openapi-subset';

export const OFFICIAL_SPEC_PATH = path.resolve(process.cwd(), '../shared/api/sevdesk-openapi.official.yaml');

export interface Exemption {
  path: string;
  problem: string;
  why: string;
}

/**
 * Where the spec is wrong about its own API. Ids, amounts and the status go out in the types
 * the spec declares (integers, numbers, the status and tax rule id as strings), so the
 * number-versus-string contradictions of the answers need no exemption here; and `format`
 * is not checked at all ("date-time" fields whose examples are "01.01.2022").
 */
export const EXEMPTIONS: readonly Exemption[] = [
  {
    path: '$',
    problem: "required property 'invoicePos' is missing",
    why: 'saveInvoice lists invoicePos as required, but its property (and what sevdesk reads) is invoicePosSave',
  },
  {
    path: '$.invoice',
    problem: "required property 'taxType' is missing",
    why: 'taxType is the Update 1.0 field ("Use this in sevdesk-Update 1.0 (instead of taxRule)"); 2.0 takes taxRule',
  },
  {
    path: '$',
    problem: "property 'takeDefaultAddress' is not declared",
    why: "takeDefaultAddress is described in saveInvoice's text (one of 'the last four attributes') but missing from the schema",
  },
  // propertyIsEInvoice's own text requires the invoice's street, zip and city, which
  // Model_Invoice does not declare; working integrations send them as address* (fact sheet §4.1).
  ...(['addressName', 'addressStreet', 'addressZip', 'addressCity'] as const).map((name) => ({
    path: '$.invoice',
    problem: `property '${name}' is not declared`,
    why: `${name}: an e-invoice needs the invoice's address parts (propertyIsEInvoice's description), which the schema lacks`,
  })),
];

export const isExempt = (issue: SchemaIssue) => EXEMPTIONS.some((e) => e.path === issue.path && e.problem === issue.problem);

export type OfficialSpec = { ok: true; spec: Record<string, unknown> } | { ok: false; skipReason: string };

/** The parsed spec, or why it can't be read here (the caller skips its OpenAPI check then). */
export function officialSpec(): OfficialSpec {
  if (!existsSync(OFFICIAL_SPEC_PATH)) return { ok: false, skipReason: `SKIPPED: the official sevdesk spec is not at ${OFFICIAL_SPEC_PATH}` };
  let parser: { load(text: string): unknown };
  try {
    parser = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
  } catch {
    return { ok: false, skipReason: 'SKIPPED: no YAML parser (js-yaml) in node_modules to read the spec' };
  }
  return { ok: true, spec: parser.load(readFileSync(OFFICIAL_SPEC_PATH, 'utf8')) as Record<string, unknown> };
}

/** The JSON request body schema of an operation, e.g. ('post', '/Invoice/Factory/saveInvoice'). */
export function requestSchema(spec: Record<string, unknown>, method: 'post' | 'put', route: string): Record<string, unknown> {
  const paths = spec.paths as Record<string, Partial<Record<'post' | 'put', { requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> } }>>>;
  const schema = paths[route]?.[method]?.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`The spec has no JSON request body for ${method.toUpperCase()} ${route}`);
  return schema;
}

/** What the spec finds wrong with a body, without the listed exemptions. */
export function specIssues(spec: Record<string, unknown>, method: 'post' | 'put', route: string, body: unknown): SchemaIssue[] {
  return validateAgainst(spec, requestSchema(spec, method, route), body).filter((i) => !isExempt(i));
}
