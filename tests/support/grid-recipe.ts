/**
 * A recipe for the Grid sandbox TMS (CargoGrid), made in test code for the capture tests: the
 * per-TMS recipes that ship come from the builder, never from a hand-written file. Rows show
 * only the order number; the order's id comes from the captured API answers (rowKeyJoin),
 * the API is read with the page's own bearer token (captured auth), and the write-back sends
 * the page's CSRF meta tag as X-CSRF-Token.
 */
import { validateRecipe, type Recipe } from '@/utils/tms/recipe/schema';

export const GRID_RECIPE_ID = '3c9a1f2e-7b4d-4e8a-9c61-2f5d8e0b7a13';

const json = (path: string) => ({ json: path });

export function gridRecipeJson(origin: string): Record<string, unknown> {
  return {
    format: 1,
    id: GRID_RECIPE_ID,
    revision: 1,
    name: 'CargoGrid',
    sites: [origin],
    locale: { decimal: '.', group: ',', dateOrder: 'YMD', currency: 'EUR' },
    list: {
      url: { path: '/' },
      row: { css: '[role="rowgroup"] > [role="row"]', skip: { css: '[hidden]' } },
      container: { css: '[role="grid"]' },
      rowKey: { column: 'Order' },
      rowKeyJoin: { capture: 'orders', match: '$.ref' },
      selection: { mode: 'rowAttribute', attribute: { name: 'aria-selected', value: 'true' } },
      summary: { number: { column: 'Order' }, customer: { column: 'Client' } },
    },
    sources: {
      capture: [{ id: 'orders', url: '/api/orders?*', items: '$.data[*]', key: '$.id' }],
      fetch: { order: { url: '/api/orders/{id}', items: '$.data', key: '$.id' } },
      auth: { mode: 'captured' },
    },
    order: {
      read: ['capture:orders', 'fetch:order'],
      fields: {
        number: json('$.ref'),
        'customer.id': json('$.client.id'),
        'customer.name': json('$.client.name'),
        'customer.customerNumber': json('$.client.accountNo'),
        'customer.vatId': json('$.client.vatId'),
        'customer.street': json('$.client.address.street'),
        'customer.zip': json('$.client.address.postcode'),
        'customer.city': json('$.client.address.town'),
        'customer.countryCode': { json: '$.client.address.country', parse: [{ country: {} }] },
        customerReference: json('$.customerRef'),
        status: { json: '$.state', parse: [{ map: { table: { NEW: 'open', PLANNED: 'planned', ON_ROAD: 'in_transit', DELIVERED: 'delivered', INVOICED: 'invoice_created', SETTLED: 'paid', CANCELLED: 'cancelled' }, other: 'problem' } }] },
        price: { json: { amount: '$.freight.amountCents', unit: 'minor', currency: '$.freight.currency' }, parse: [{ money: {} }] },
        stops: {
          each: { json: '$.route.legs[*]' },
          fields: {
            type: { json: '$.kind', parse: [{ map: { table: { PICKUP: 'pickup', DROP: 'delivery' }, other: 'problem' } }] },
            name: json('$.site.name'),
            street: json('$.site.street'),
            zip: json('$.site.postcode'),
            city: json('$.site.town'),
            countryCode: { json: '$.site.country', parse: [{ country: {} }] },
            date: { json: '$.date', parse: [{ date: {} }] },
          },
        },
      },
    },
    writeBack: {
      mode: 'http',
      enabled: true,
      method: 'PATCH',
      url: '/api/orders/{id}',
      body: { invoiceReference: '{invoiceNumber}' },
      probe: { url: '/api/orders/{id}', json: '$.data.invoiceReference' },
      headers: { 'X-CSRF-Token': { meta: 'csrf-token' } },
    },
  };
}

export function gridRecipe(origin: string, overrides: Record<string, unknown> = {}): Recipe {
  const checked = validateRecipe({ ...gridRecipeJson(origin), ...overrides });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.recipe;
}
