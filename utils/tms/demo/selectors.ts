/**
 * Where the demo TMS puts things, as data (sandbox/tms/README.md documents its DOM). Columns
 * are found by their header text, so reordering columns does not break the adapter.
 */
export const DEMO_TMS = {
  id: 'demo-tms',
  name: 'DemoTMS',
  list: {
    path: /^\/orders\/?$/,
    table: 'table',
    caption: 'Orders',
    rows: 'tbody > tr',
    checkbox: 'input[type="checkbox"]',
    orderLink: 'a[href^="/orders/"]',
    columns: { number: 'Order', customer: 'Customer', price: 'Price', status: 'Status' },
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
  },
} as const;

export const STATUS_WORDS: Record<string, string> = {
  Open: 'open',
  Planned: 'planned',
  'In transit': 'in_transit',
  Delivered: 'delivered',
  'Invoice created': 'invoice_created',
  Paid: 'paid',
  Cancelled: 'cancelled',
};
