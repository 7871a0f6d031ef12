/** `GET /v1/profile`: the demo account, a German freight forwarder on a plan with INVOICING_PRO. */
import { json, type EmuResponse } from '../kit/http';
import type { Organization } from './organization';

export const ORGANIZATION_ID = '6b1f4c2e-8a3d-4e5f-9b70-5a4d3c2b1a00';
const CONNECTION_ID = '0c8e7d6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f';

export const COMPANY_NAME = 'Fuhrunternehmen Sandmann GmbH';

/**
 * The real profile documents no e-invoice field. The emulator reports the "E-Rechnung" switch as
 * the feature `eInvoicing` in `features` (assumption), so a client can tell why invoices stay NONE.
 */
export function profile(org: Organization): EmuResponse {
  return json(200, {
    organizationId: ORGANIZATION_ID,
    companyName: COMPANY_NAME,
    created: {
      userId: 'f2a1b3c4-d5e6-4f70-8192-a3b4c5d6e7f8',
      userName: 'Herr Jens Sandmann',
      userEmail: 'jens.sandmann@sandmann-transporte.example',
      date: '2019-02-11T08:42:17.000+01:00',
    },
    connectionId: CONNECTION_ID,
    features: org.eInvoicing ? ['cashbox', 'eInvoicing'] : ['cashbox'],
    businessFeatures: ['INVOICING', 'INVOICING_PRO', 'BOOKKEEPING'],
    subscriptionStatus: 'active',
    taxType: 'net',
    smallBusiness: false,
  });
}
