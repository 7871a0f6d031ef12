/** The shapes of Lexware Office answers the extension relies on (billing-apis.md §1). */
import * as v from 'valibot';

export const ProfileSchema = v.looseObject({
  organizationId: v.string(),
  companyName: v.string(),
  taxType: v.optional(v.string()),
  smallBusiness: v.optional(v.boolean()),
  businessFeatures: v.optional(v.array(v.string())),
});

const AddressSchema = v.looseObject({
  street: v.optional(v.nullable(v.string())),
  zip: v.optional(v.nullable(v.string())),
  city: v.optional(v.nullable(v.string())),
  countryCode: v.optional(v.nullable(v.string())),
});

export const ContactSchema = v.looseObject({
  id: v.string(),
  version: v.optional(v.number()),
  roles: v.optional(v.looseObject({ customer: v.optional(v.looseObject({ number: v.optional(v.number()) })) })),
  company: v.optional(v.looseObject({ name: v.string(), vatRegistrationId: v.optional(v.nullable(v.string())) })),
  person: v.optional(v.looseObject({ firstName: v.optional(v.nullable(v.string())), lastName: v.string() })),
  addresses: v.optional(v.looseObject({ billing: v.optional(v.array(AddressSchema)) })),
  emailAddresses: v.optional(v.record(v.string(), v.array(v.string()))),
  /** XRechnung details: Lexware writes an XRechnung only when both are set (fact sheet §3.2). */
  xRechnung: v.optional(v.nullable(v.looseObject({ buyerReference: v.optional(v.nullable(v.string())), vendorNumberAtCustomer: v.optional(v.nullable(v.string())) }))),
  archived: v.optional(v.boolean()),
});
export type LexwareContact = v.InferOutput<typeof ContactSchema>;

export const PageSchema = <T extends v.GenericSchema>(item: T) =>
  v.looseObject({
    content: v.array(item),
    totalPages: v.number(),
    totalElements: v.number(),
    number: v.number(),
    last: v.optional(v.boolean()),
  });

export const ActionResultSchema = v.looseObject({
  id: v.string(),
  resourceUri: v.optional(v.string()),
  version: v.optional(v.number()),
});

export const InvoiceSchema = v.looseObject({
  id: v.string(),
  voucherNumber: v.optional(v.nullable(v.string())),
  voucherStatus: v.string(),
  totalPrice: v.optional(v.looseObject({ totalGrossAmount: v.optional(v.number()), currency: v.optional(v.string()) })),
  /** NONE (also every draft), EN16931 (ZUGFeRD) or XRechnung; read-only (fact sheet §3.1). */
  electronicDocumentProfile: v.optional(v.nullable(v.string())),
});

export const VoucherListItemSchema = v.looseObject({
  id: v.string(),
  voucherType: v.string(),
  voucherStatus: v.string(),
  voucherNumber: v.optional(v.nullable(v.string())),
  voucherDate: v.optional(v.nullable(v.string())),
  createdDate: v.optional(v.nullable(v.string())),
  contactId: v.optional(v.nullable(v.string())),
  totalAmount: v.optional(v.nullable(v.number())),
  currency: v.optional(v.nullable(v.string())),
});

/** The regular error format (invoices, profile, voucherlist). */
export const RegularErrorSchema = v.looseObject({
  status: v.optional(v.number()),
  message: v.optional(v.nullable(v.string())),
  details: v.optional(v.array(v.looseObject({ violation: v.optional(v.string()), field: v.optional(v.string()), message: v.optional(v.string()) }))),
});

/** The legacy format (contacts). */
export const LegacyErrorSchema = v.looseObject({
  IssueList: v.array(v.looseObject({ i18nKey: v.optional(v.string()), source: v.optional(v.nullable(v.string())), type: v.optional(v.string()) })),
});
