/** GET routes for the account's lookup data (see lookups.ts). */
import type { Router } from '../kit/http';
import type { Context } from './context';
import { COUNTRIES } from './countries';
import { byIdResponse, listResponse, okResponse } from './envelope';
import { CODE_NOT_FOUND, badRequest, guarded } from './errors';
import {
  CATEGORIES,
  COMMUNICATION_WAY_KEYS,
  SEV_USER,
  UNITIES,
  categoryResponse,
  communicationWayKeyResponse,
  countryResponse,
  PAYMENT_METHODS,
  paymentMethodResponse,
  taxRuleResponse,
  unityById,
  unityResponse,
} from './lookups';
import { TAX_RULES } from './tax-rules';

export function lookupRoutes(r: Router, ctx: Context): void {
  r.get(
    '/api/v1/Tools/bookkeepingSystemVersion',
    guarded(() => okResponse({ version: ctx.version })),
  );
  r.get(
    '/api/v1/SevUser',
    guarded((req) => listResponse(req, [SEV_USER])),
  );
  r.get(
    '/api/v1/SevUser/:id',
    guarded((req) => {
      if (req.params.id !== SEV_USER.id) throw badRequest('SevUser was not found', CODE_NOT_FOUND);
      return byIdResponse(SEV_USER);
    }),
  );
  r.get(
    '/api/v1/Unity',
    guarded((req) => listResponse(req, UNITIES.map(unityResponse))),
  );
  r.get(
    '/api/v1/Unity/:id',
    guarded((req) => {
      const unity = unityById(req.params.id ?? '');
      if (!unity) throw badRequest('Unity was not found', CODE_NOT_FOUND);
      return byIdResponse(unityResponse(unity));
    }),
  );
  r.get(
    '/api/v1/TaxRule',
    guarded((req) => listResponse(req, TAX_RULES.map((rule) => taxRuleResponse(rule.id)))),
  );
  r.get(
    '/api/v1/StaticCountry',
    guarded((req) => listResponse(req, COUNTRIES.map((c) => countryResponse(c.id)))),
  );
  r.get(
    '/api/v1/StaticCountry/:id',
    guarded((req) => {
      const country = countryResponse(req.params.id ?? '');
      if (!country) throw badRequest('StaticCountry was not found', CODE_NOT_FOUND);
      return byIdResponse(country);
    }),
  );
  r.get(
    '/api/v1/Category',
    guarded((req) => {
      const objectType = req.query.get('objectType');
      const categories = CATEGORIES.filter((c) => objectType === null || c.objectType === objectType);
      return listResponse(req, categories.map(categoryResponse));
    }),
  );
  // `GET /CheckAccount` (official spec, Model_CheckAccountResponse): the account's bank
  // account, with the IBAN and BIC of the company data the e-invoice needs (§4.1).
  r.get(
    '/api/v1/CheckAccount',
    guarded((req) => {
      const client = ctx.sevClient();
      const accounts = client.iban
        ? [{ id: '5936483', objectName: 'CheckAccount', create: '2024-02-01T09:00:00+01:00', update: '2024-02-01T09:00:00+01:00', sevClient: { id: '1', objectName: 'SevClient' }, name: 'Geschäftskonto', iban: client.iban, bic: client.bic, type: 'online', importType: null, currency: 'EUR', defaultAccount: '1', status: '100', autoMapTransactions: '1', accountingNumber: null }]
        : [];
      return listResponse(req, accounts);
    }),
  );
  r.get(
    '/api/v1/PaymentMethod',
    guarded((req) => listResponse(req, PAYMENT_METHODS.map(paymentMethodResponse))),
  );
  r.get(
    '/api/v1/CommunicationWayKey',
    guarded((req) => listResponse(req, COMMUNICATION_WAY_KEYS.map(communicationWayKeyResponse))),
  );
}
