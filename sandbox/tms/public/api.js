/** The demo TMS's own JSON API, same origin, authenticated by the session cookie. */

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }

  get sessionExpired() {
    return this.status === 401;
  }
}

async function request(path, { method = 'GET', body, signal } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    // An error page or an empty body: the status says enough.
  }
  if (!response.ok) {
    throw new ApiError(response.status, data?.error ?? 'http_error', data?.message ?? `The server answered ${response.status}.`);
  }
  return data;
}

export const getSession = (signal) => request('/api/session', { signal });

let customers = null;
/**
 * Customers rarely change; one request per page load is enough. Not abortable: several
 * views share the answer.
 */
export function getCustomers() {
  customers ??= request('/api/customers').catch((error) => {
    customers = null;
    throw error;
  });
  return customers;
}

export function listOrders({ customerId, status, q, page, pageSize }, signal) {
  const params = new URLSearchParams();
  if (customerId) params.set('customerId', customerId);
  if (status) params.set('status', status);
  if (q) params.set('q', q);
  params.set('page', String(page));
  params.set('pageSize', String(pageSize));
  return request(`/api/orders?${params}`, { signal });
}

export const getOrder = (id, signal) => request(`/api/orders/${encodeURIComponent(id)}`, { signal });

export const setOrderStatus = (id, status) =>
  request(`/api/orders/${encodeURIComponent(id)}`, { method: 'PATCH', body: { status } });
