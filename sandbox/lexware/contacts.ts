/**
 * The contacts endpoint: filtered, paged list; retrieve; create; update with optimistic locking.
 * No delete (Lexware has none). Errors use the legacy IssueList format, like the real service.
 */
import { randomUUID } from 'node:crypto';
import { json, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import { resourceUri, type LexwareContext } from './context';
import { validateContact, type ContactInput } from './contact-validation';
import { formatLexwareDateTime } from './datetime';
import { legacyError } from './errors';
import { contactName, type Contact } from './model';
import { isPagingProblem, pageOf, parsePaging } from './paging';
import { ORGANIZATION_ID } from './profile';
import { compileSearch } from './search';
import type { ContactRecord } from './store';

const FILTERS = ['email', 'name', 'number', 'customer', 'vendor'] as const;
/** `name` and `email` need 3 to 128 characters (the encoded text counts, as it is what arrives). */
const SEARCH_LENGTH = { min: 3, max: 128 };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const badRequest = (source: string, message: string): EmuResponse =>
  legacyError(400, [{ i18nKey: 'bad_request_error', source, type: 'validation_failure', additionalData: message }]);

function emailsOf(contact: Contact): string[] {
  const own = Object.values(contact.emailAddresses ?? {}).flat();
  const persons = (contact.company?.contactPersons ?? []).map((p) => p.emailAddress).filter((e): e is string => !!e);
  return [...own, ...persons];
}

function booleanFilter(value: string | null): boolean | undefined | null {
  if (value === null) return undefined;
  return value === 'true' ? true : value === 'false' ? false : null;
}

function listContacts(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  const q = req.query;
  for (const filter of FILTERS) if (q.getAll(filter).length > 1) return badRequest(filter, `filter ${filter} may be used only once`);

  const predicates: ((c: Contact) => boolean)[] = [];
  for (const key of ['name', 'email'] as const) {
    const value = q.get(key);
    if (value === null) continue;
    if (value.length < SEARCH_LENGTH.min || value.length > SEARCH_LENGTH.max) {
      return badRequest(key, `size must be between ${SEARCH_LENGTH.min} and ${SEARCH_LENGTH.max}`);
    }
    const pattern = compileSearch(value);
    predicates.push(key === 'name' ? (c) => pattern.test(contactName(c)) : (c) => emailsOf(c).some((e) => pattern.test(e)));
  }
  const number = q.get('number');
  if (number !== null) {
    if (!/^\d+$/.test(number)) return badRequest('number', 'number must be an integer');
    const n = Number(number);
    predicates.push((c) => c.roles.customer?.number === n || c.roles.vendor?.number === n);
  }
  for (const role of ['customer', 'vendor'] as const) {
    const wanted = booleanFilter(q.get(role));
    if (wanted === null) return badRequest(role, `${role} must be true or false`);
    if (wanted !== undefined) predicates.push((c) => (c.roles[role] !== undefined) === wanted);
  }

  const paging = parsePaging(q);
  if (isPagingProblem(paging)) return badRequest(paging.param, paging.message);

  const matches = [...ctx.store.contacts.values()]
    .map((r) => r.contact)
    .filter((c) => predicates.every((p) => p(c)))
    .sort((a, b) => contactName(a).localeCompare(contactName(b), 'de'));
  return json(200, pageOf(matches, paging, [{ property: 'name', direction: 'ASC' }]));
}

const notFound = (id: string): EmuResponse => legacyError(404, [{ i18nKey: 'not_found', source: id, type: 'not_found' }]);

function actionResult(origin: string, record: ContactRecord) {
  const uri = resourceUri(origin, 'contacts', record.contact.id);
  return { id: record.contact.id, resourceUri: uri, createdDate: record.createdDate, updatedDate: record.updatedDate, version: record.contact.version };
}

function contactFields(input: ContactInput): Omit<Contact, 'id' | 'organizationId' | 'version' | 'roles' | 'archived'> {
  const { version: _version, roles: _roles, ...fields } = input;
  return fields;
}

function createContact(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  if (!isRecord(req.body)) return badRequest('body', 'a JSON object is expected');
  const validation = validateContact(req.body, 'create');
  if (!validation.ok) return legacyError(406, validation.issues);
  const { input } = validation;

  const now = ctx.now();
  const stamp = formatLexwareDateTime(now);
  const contact: Contact = {
    id: randomUUID(),
    organizationId: ORGANIZATION_ID,
    version: 1,
    roles: {
      ...(input.roles.customer ? { customer: { number: ctx.store.nextCustomerNumber() } } : {}),
      ...(input.roles.vendor ? { vendor: { number: ctx.store.nextVendorNumber() } } : {}),
    },
    ...contactFields(input),
    archived: false,
  };
  const record: ContactRecord = { contact, createdDate: stamp, updatedDate: stamp, createdAtMs: now.getTime() };
  ctx.store.contacts.set(contact.id, record);
  const result = actionResult(req.origin, record);
  return json(201, result, { location: result.resourceUri });
}

function updateContact(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  const record = ctx.store.contacts.get(req.params.id ?? '');
  if (!record) return notFound(req.params.id ?? '');
  if (!isRecord(req.body)) return badRequest('body', 'a JSON object is expected');
  const validation = validateContact(req.body, 'update');
  if (!validation.ok) return legacyError(406, validation.issues);
  const { input } = validation;
  if (input.version !== record.contact.version) {
    return legacyError(409, [{ i18nKey: 'optimistic_locking_failure', source: 'version', type: 'conflict', additionalData: `current version is ${record.contact.version}` }]);
  }

  const old = record.contact;
  // Numbers stay with their roles; a role added now gets the next number of its range.
  const roles: Contact['roles'] = {
    ...(input.roles.customer ? { customer: old.roles.customer ?? { number: ctx.store.nextCustomerNumber() } } : {}),
    ...(input.roles.vendor ? { vendor: old.roles.vendor ?? { number: ctx.store.nextVendorNumber() } } : {}),
  };
  record.contact = { id: old.id, organizationId: old.organizationId, version: old.version + 1, roles, ...contactFields(input), archived: old.archived };
  record.updatedDate = formatLexwareDateTime(ctx.now());
  return json(200, actionResult(req.origin, record));
}

export function registerContactRoutes(router: Router, ctx: LexwareContext): void {
  router.get('/v1/contacts', (req) => listContacts(ctx, req));
  router.post('/v1/contacts', (req) => createContact(ctx, req));
  router.get('/v1/contacts/:id', (req) => {
    const record = ctx.store.contacts.get(req.params.id ?? '');
    return record ? json(200, record.contact) : notFound(req.params.id ?? '');
  });
  router.put('/v1/contacts/:id', (req) => updateContact(ctx, req));
}
