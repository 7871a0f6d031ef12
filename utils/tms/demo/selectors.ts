/**
 * Where the demo TMS puts things, as data (sandbox/tms/README.md documents its DOM). Columns
 * are found by their header text, so reordering columns does not break the adapter.
 */
export const DEMO_TMS = {
  id: 'demo-tms',
  name: 'DemoTMS',
  marker: { brand: 'header a.brand' },
  list: {
    path: /^\/orders\/?$/,
    table: 'table',
    caption: 'Orders',
    rows: 'tbody > tr',
    checkbox: 'input[type="checkbox"]',
    orderLink: 'a[href^="/orders/"]',
    columns: { number: 'Order', customer: 'Customer', price: 'Price', status: 'Status' },
    /** The last delivery's date, read only by the invoicing proposal's fallback. */
    deliveryColumn: 'Delivery',
  },
  detail: {
    path: /^\/orders\/([^/]+)\/?$/,
    heading: 'h1',
    headingPrefix: 'Order ',
    actions: '.page-actions',
    sections: { customer: '#section-customer', stops: '#section-stops', load: '#section-load', price: '#section-price', documents: '#section-documents' },
    status: '.title-group .badge',
    stop: 'ol.stops > li',
    invoiceLinks: 'li.event-invoice a.event-link',
  },
  api: {
    orders: '/api/orders',
    /** Many orders written in one request (the write-back of long invoices). */
    batch: '/api/orders/batch',
  },
} as const;

/** The demo TMS's page marker: its brand in the header, or its name in the title. */
export function isDemoTmsPage(doc: Document): boolean {
  return doc.querySelector(DEMO_TMS.marker.brand)?.textContent?.trim() === DEMO_TMS.name || doc.title.split(' · ').at(-1) === DEMO_TMS.name;
}

export const STATUS_WORDS: Record<string, string> = {
  Open: 'open',
  Planned: 'planned',
  'In transit': 'in_transit',
  Delivered: 'delivered',
  'Invoice created': 'invoice_created',
  Paid: 'paid',
  Cancelled: 'cancelled',
};
