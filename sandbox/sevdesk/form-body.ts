/**
 * sevdesk also accepts `application/x-www-form-urlencoded` bodies in PHP's bracket notation
 * (`invoice[contact][id]=1&invoicePosSave[0][price]=10`). This turns such a body into the
 * same nested value a JSON body would give; all leaves stay strings.
 */
type Node = Record<string, unknown>;

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export function parseFormBody(raw: string): Record<string, unknown> {
  const root: Node = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.match(/^[^[\]]+|\[[^[\]]*\]/g)?.map((part) => part.replace(/^\[|\]$/g, ''));
    if (!path || path.length === 0 || path.some((p) => FORBIDDEN.has(p))) continue;
    let node = root;
    for (let i = 0; i < path.length; i++) {
      let part = path[i]!;
      // `a[]=x&a[]=y` appends, as in PHP.
      if (part === '') part = String(Object.keys(node).length);
      if (i === path.length - 1) {
        node[part] = value;
      } else {
        const next = node[part];
        node = typeof next === 'object' && next !== null ? (next as Node) : (node[part] = {});
      }
    }
  }
  return toArrays(root) as Record<string, unknown>;
}

/** Objects whose keys are 0..n-1 become arrays, as PHP's lists would. */
function toArrays(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Node;
  const keys = Object.keys(node);
  for (const k of keys) node[k] = toArrays(node[k]);
  const isList = keys.length > 0 && keys.every((k, i) => k === String(i));
  return isList ? keys.map((k) => node[k]) : node;
}
