/**
 * The invoice settings one invoice is composed with: defined once here, used by compose(),
 * sent by messaging, and derived from the stored defaults by invoiceSettingsFor().
 */
import * as v from 'valibot';
import { TAX_CASES } from './tax';
import { TaxMappingSchema } from './tax-mapping';

export const ExtraFieldSchema = v.object({
  label: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(60)),
  template: v.pipe(v.string(), v.maxLength(300)),
});

const TemplatesSchema = v.object({
  title: v.string(),
  introduction: v.string(),
  remark: v.string(),
  /** The "freight references" of each position (freight-references.ts); absent or empty: the default. */
  references: v.optional(v.pipe(v.string(), v.maxLength(2000))),
});

const optionalField = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max)));

/**
 * E-invoices: whether the user issues them (on unless they may still send paper), and their
 * own company's data as their billing system has it, which an EN 16931 invoice needs
 * (fact sheet §2.1, §4.1). Stored values are the user's; the readiness check reads them.
 */
export const EInvoiceSettingsSchema = v.object({
  issue: v.optional(v.boolean(), true),
  seller: v.optional(
    v.object({
      vatId: optionalField(40),
      taxNumber: optionalField(40),
      iban: optionalField(42),
      phone: optionalField(40),
      email: optionalField(200),
      street: optionalField(200),
      zip: optionalField(20),
      city: optionalField(200),
    }),
    {},
  ),
  /**
   * The sevdesk payment method its e-invoices name (Model_Invoice.paymentMethod, fact sheet
   * §4.1): one the account lists (GET /PaymentMethod), chosen in the options.
   */
  sevdeskPaymentMethod: v.optional(
    v.object({
      id: v.pipe(v.string(), v.regex(/^\d{1,18}$/)),
      name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
    }),
  ),
});
export type EInvoiceSettings = v.InferOutput<typeof EInvoiceSettingsSchema>;
export const DEFAULT_EINVOICE_SETTINGS: EInvoiceSettings = v.parse(EInvoiceSettingsSchema, {});

export const InvoiceSettingsSchema = v.object({
  unitName: v.pipe(v.string(), v.minLength(1), v.maxLength(50)),
  language: v.picklist(['de', 'en']),
  extraFields: v.array(ExtraFieldSchema),
  /** Empty templates fall back to the language's defaults. */
  templates: TemplatesSchema,
  finalize: v.boolean(),
  paymentTermDays: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(365))),
  domesticTaxRate: v.picklist([19, 7]),
  /** For customers without a tax case of their own; 'auto' proposes one from the customer. */
  defaultTaxCase: v.optional(v.picklist(['auto', ...TAX_CASES])),
  /** Above this price per order (in whole units of its currency) the preview asks the user to check it. */
  priceWarningLimit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000_000))),
  /** The tax adviser's table (case → tax type, rule, note); absent: the defaults of tax-mapping.ts. */
  taxMapping: v.optional(TaxMappingSchema),
  /** Absent in contexts from before e-invoices: the defaults (on, no seller data). */
  eInvoice: v.optional(EInvoiceSettingsSchema),
});
export type InvoiceSettings = v.InferOutput<typeof InvoiceSettingsSchema>;

/** The stored invoice defaults, as far as one invoice needs them (texts per invoice language). */
export interface InvoiceDefaults extends Omit<InvoiceSettings, 'templates' | 'defaultTaxCase' | 'priceWarningLimit' | 'taxMapping' | 'eInvoice'> {
  texts: Record<InvoiceSettings['language'], InvoiceSettings['templates']>;
  defaultTaxCase: NonNullable<InvoiceSettings['defaultTaxCase']>;
  priceWarningLimit?: number | undefined;
  taxMapping?: InvoiceSettings['taxMapping'] | undefined;
  eInvoice?: InvoiceSettings['eInvoice'] | undefined;
}

/** The settings an invoice is composed with: the defaults, with the texts of its language. */
export function invoiceSettingsFor(defaults: InvoiceDefaults): InvoiceSettings {
  return {
    unitName: defaults.unitName,
    language: defaults.language,
    extraFields: defaults.extraFields,
    templates: defaults.texts[defaults.language],
    finalize: defaults.finalize,
    paymentTermDays: defaults.paymentTermDays,
    domesticTaxRate: defaults.domesticTaxRate,
    defaultTaxCase: defaults.defaultTaxCase,
    ...(defaults.priceWarningLimit !== undefined ? { priceWarningLimit: defaults.priceWarningLimit } : {}),
    ...(defaults.taxMapping !== undefined ? { taxMapping: defaults.taxMapping } : {}),
    ...(defaults.eInvoice !== undefined ? { eInvoice: defaults.eInvoice } : {}),
  };
}
