/** Small pieces both pages show the same way. */
import { h } from './dom.js';
import { statusLabel } from './format.js';

export function statusBadge(status) {
  return h('span', { class: `badge badge-${status}` }, statusLabel(status));
}

/** First pickup (or first stop): the "from" of a route. */
export const pickupStop = (order) => order.stops.find((s) => s.type === 'pickup') ?? order.stops[0];

/** Last delivery (or last stop): the "to" of a route. */
export function deliveryStop(order) {
  for (let i = order.stops.length - 1; i >= 0; i--) if (order.stops[i].type === 'delivery') return order.stops[i];
  return order.stops[order.stops.length - 1];
}

export const routeText = (order) => `${pickupStop(order)?.city ?? '?'} → ${deliveryStop(order)?.city ?? '?'}`;

export const orderHref = (order) => `/orders/${encodeURIComponent(order.id)}`;
