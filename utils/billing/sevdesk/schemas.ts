/**
 * The shapes of sevdesk answers the extension relies on (billing-apis.md §2.4). Every answer
 * is wrapped in `objects`; scalars mostly come as strings ("id":"1", "sumGross":"119",
 * booleans "0"/"1") although the spec types them as numbers, so each scalar schema takes
 * both and normalises. Objects stay loose: sevdesk adds fields without notice.
 */
import * as v from 'valibot';

/** Ids: "74100231" or 74100231, always a string afterwards. */
export const IdSchema = v.pipe(
  v.union([v.pipe(v.string(), v.regex(/^\d{1,18}$/)), v.pipe(v.number(), v.safeInteger(), v.minValue(0))]),
  v.transform((id) => String(id)),
);

/** Amounts stay as sevdesk sent them; `amountMinor` reads them without float arithmetic. */
export const AmountSchema = v.union([v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?$/)), v.pipe(v.number(), v.finite())]);
export type Amount = v.InferOutput<typeof AmountSchema>;

/** Codes such as status "100" or version "2.0", sent as strings or numbers. */
export const CodeSchema = v.pipe(
  v.union([v.string(), v.number()]),
  v.transform((code) => String(code)),
);

/** "0"/"1", 0/1, "true"/"false" or booleans. */
export const FlagSchema = v.pipe(
  v.union([v.boolean(), v.string(), v.number()]),
  v.transform((flag) => flag === true || flag === 1 || flag === '1' || flag === 'true'),
);

const text = () => v.optional(v.nullable(v.string()));

/** `{id, objectName}`: a reference, or the whole object when it was embedded. */
export const RefSchema = v.looseObject({ id: IdSchema, objectName: v.optional(v.string()) });

export const ListSchema = <T extends v.GenericSchema>(item: T) => v.looseObject({ objects: v.array(item), total: v.optional(CodeSchema) });
export const ObjectSchema = <T extends v.GenericSchema>(item: T) => v.looseObject({ objects: item });

export const BookkeepingVersionSchema = ObjectSchema(v.looseObject({ version: CodeSchema }));

export const SevUserSchema = v.looseObject({
  id: IdSchema,
  fullname: text(),
  firstName: text(),
  lastName: text(),
  username: text(),
  role: text(),
  // A reference, or the client with its name when embedded.
  sevClient: v.optional(v.nullable(v.looseObject({ id: v.optional(IdSchema), name: text() }))),
});
export type SevUser = v.InferOutput<typeof SevUserSchema>;

export const UnitySchema = v.looseObject({ id: IdSchema, name: text(), translationCode: text() });
export const TaxRuleSchema = v.looseObject({ id: IdSchema, name: text(), code: text() });
export const StaticCountrySchema = v.looseObject({ id: IdSchema, code: text(), name: text() });
export const CategorySchema = v.looseObject({ id: IdSchema, name: text(), code: text(), translationCode: text(), objectType: text() });
/** getPdf: `{filename, mimeType, base64encoded, content}` (key names as in the corrected spec). */
export const PdfSchema = v.looseObject({ filename: text(), mimeType: text(), content: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/=\s]*$/)) });
export const PaymentMethodSchema = v.looseObject({ id: IdSchema, name: text() });
export const CommunicationWayKeySchema = v.looseObject({ id: IdSchema, name: text(), translationCode: text() });

export const ContactAddressSchema = v.looseObject({
  id: IdSchema,
  street: text(),
  zip: text(),
  city: text(),
  // A reference, or the country itself (with its code) when embedded.
  country: v.optional(v.nullable(v.looseObject({ id: IdSchema, code: text() }))),
  category: v.optional(v.nullable(RefSchema)),
});
export type SevdeskAddress = v.InferOutput<typeof ContactAddressSchema>;

export const CommunicationWaySchema = v.looseObject({
  id: IdSchema,
  type: text(),
  value: text(),
  main: v.optional(v.nullable(FlagSchema)),
  contact: v.optional(v.nullable(RefSchema)),
});
export type SevdeskCommunicationWay = v.InferOutput<typeof CommunicationWaySchema>;

export const ContactSchema = v.looseObject({
  id: IdSchema,
  name: text(),
  surename: text(),
  familyname: text(),
  customerNumber: v.optional(v.nullable(CodeSchema)),
  vatNumber: text(),
  category: v.optional(v.nullable(RefSchema)),
  parent: v.optional(v.nullable(RefSchema)),
  // Present only with embed=addresses,communicationWays (community-corrected spec).
  addresses: v.optional(v.nullable(v.array(ContactAddressSchema))),
  communicationWays: v.optional(v.nullable(v.array(CommunicationWaySchema))),
});
export type SevdeskContact = v.InferOutput<typeof ContactSchema>;

export const InvoiceSchema = v.looseObject({
  id: IdSchema,
  invoiceNumber: text(),
  invoiceType: text(),
  status: v.optional(v.nullable(CodeSchema)),
  contact: v.optional(v.nullable(RefSchema)),
  invoiceDate: v.optional(v.nullable(CodeSchema)),
  create: text(),
  currency: text(),
  sumGross: v.optional(v.nullable(AmountSchema)),
  sumGrossForeignCurrency: v.optional(v.nullable(AmountSchema)),
});
export type SevdeskInvoice = v.InferOutput<typeof InvoiceSchema>;

export const SaveInvoiceSchema = ObjectSchema(v.looseObject({ invoice: InvoiceSchema }));

/** sevdesk's error body: `{"objects":null,"error":{"message","code","exceptionUUID"}}`. */
export const ErrorBodySchema = v.looseObject({
  error: v.looseObject({ message: v.optional(v.nullable(v.string())), code: v.optional(v.nullable(v.union([v.string(), v.number()]))) }),
});

/** An older shape one client library reports for 401: `{"status":401,"message":…}`. */
export const PlainErrorBodySchema = v.looseObject({ message: v.string() });

/** `Model_CheckAccountResponse` (official spec): the fields the e-invoice settings use. */
export const CheckAccountSchema = v.looseObject({
  id: CodeSchema,
  iban: v.optional(v.nullable(v.string())),
  defaultAccount: v.optional(v.nullable(CodeSchema)),
});
