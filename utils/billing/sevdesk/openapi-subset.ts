/**
 * A small validator for the part of OpenAPI 3.0 schemas that sevdesk's request models use:
 * $ref (local), type, nullable, enum, required, properties, items, allOf/oneOf/anyOf and
 * readOnly. `format` is not checked: the spec's own examples contradict it ("date-time"
 * fields with "01.01.2022"). Used by the tests only.
 *
 * Stricter than OpenAPI on purpose: a property the schema does not declare is reported,
 * because in a body we build ourselves it is a typo; and readOnly properties must not be sent.
 */
export interface SchemaIssue {
  /** JSON path of the value, e.g. "$.invoicePosSave[0].unity.id". */
  path: string;
  problem: string;
}

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows a local reference such as "#/components/schemas/Model_Invoice". */
export function resolveRef(document: unknown, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) || !(key in node)) throw new Error(`Unresolvable $ref ${ref}`);
    node = node[key];
  }
  if (!isObject(node)) throw new Error(`$ref ${ref} is not a schema`);
  return node;
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      throw new Error(`Unsupported schema type ${type}`);
  }
}

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

export function validateAgainst(document: unknown, schema: Schema, value: unknown, path = '$'): SchemaIssue[] {
  if (typeof schema.$ref === 'string') return validateAgainst(document, resolveRef(document, schema.$ref), value, path);
  const issues: SchemaIssue[] = [];
  const issue = (problem: string, at = path) => issues.push({ path: at, problem });

  for (const sub of (schema.allOf as Schema[] | undefined) ?? []) issues.push(...validateAgainst(document, sub, value, path));
  for (const [keyword, accept] of [
    ['oneOf', (n: number) => n === 1],
    ['anyOf', (n: number) => n >= 1],
  ] as const) {
    const options = schema[keyword] as Schema[] | undefined;
    if (!options) continue;
    const passing = options.filter((option) => validateAgainst(document, option, value, path).length === 0).length;
    if (!accept(passing)) issue(`matches ${passing} of the ${keyword} schemas`);
  }

  if (value === null) {
    // OpenAPI 3.0: `nullable` only means something next to `type`.
    if (typeof schema.type === 'string' && schema.nullable !== true) issue(`is null, but the schema (${schema.type}) is not nullable`);
    return issues;
  }
  if (typeof schema.type === 'string' && !typeMatches(schema.type, value)) {
    issue(`is ${describe(value)}, the schema wants ${schema.type}`);
    return issues;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) issue(`${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);

  if (isObject(value)) {
    const properties = isObject(schema.properties) ? (schema.properties as Record<string, Schema>) : undefined;
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in value)) issue(`required property '${name}' is missing`);
    }
    if (properties) {
      for (const [name, child] of Object.entries(value)) {
        const property = properties[name];
        if (!property) {
          if (schema.additionalProperties === undefined) issue(`property '${name}' is not declared`);
          continue;
        }
        const resolved = typeof property.$ref === 'string' ? resolveRef(document, property.$ref) : property;
        if (resolved.readOnly === true) issue(`property '${name}' is read-only`);
        issues.push(...validateAgainst(document, property, child, `${path}.${name}`));
      }
    }
  }
  if (Array.isArray(value) && isObject(schema.items)) {
    value.forEach((item, index) => issues.push(...validateAgainst(document, schema.items as Schema, item, `${path}[${index}]`)));
  }
  return issues;
}
