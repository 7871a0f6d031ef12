/** The demo TMS as a TmsPageAdapter. */
import type { TmsPageAdapter } from '../adapter';
import { readOrdersFromApi } from './api';
import { listDeliveredFromApi } from './delivered';
import { detailActionAnchor, detailOrderId, isDetailPage, parseDetailPage, summariseDetail } from './detail-page';
import { findOrderTable, listRows, rowDeliveredOn, rowOf, summariseRow } from './list-page';
import { DEMO_TMS, isDemoTmsPage } from './selectors';

export const demoTmsAdapter: TmsPageAdapter = {
  id: DEMO_TMS.id,
  name: DEMO_TMS.name,
  // By the page's own marker (its brand or title), never by a path alone: another TMS may
  // have an /orders page too.
  recognises: (doc) => isDemoTmsPage(doc),
  pageKind(doc, url) {
    if (DEMO_TMS.list.path.test(url.pathname)) return findOrderTable(doc) ? 'list' : null;
    if (isDetailPage(doc, url)) return 'detail';
    return null;
  },
  listRows,
  rowOf,
  listContainer: (doc) => findOrderTable(doc),
  summariseRow: (row) => summariseRow(row),
  detailOrderId: (_doc, url) => detailOrderId(url),
  summariseDetail,
  detailActionAnchor,
  readDetail: parseDetailPage,
  // The list shows too little for an invoice (no stops, load or POD): its orders are read
  // through the TMS's own API, all in one call.
  readOrders: (ids, context) => readOrdersFromApi(ids, context),
  // Its API lists orders by status across pages: the proposal counts all of them.
  listDelivered: (from, context) => listDeliveredFromApi(from, context),
  rowDeliveredOn,
};
