/**
 * sevdesk pages lists with `limit` (at most 1000) and `offset`; the default page size is not
 * documented, so lists that must be complete are read page by page, up to a bound.
 */
import type * as v from 'valibot';
import type { HttpClient } from '../http';
import { ListSchema } from './schemas';

export const PAGE_SIZE = 1000;
/** Pages read at most: a few thousand contacts or drafts, then the search gives up. */
export const SCAN_PAGES = 3;

/** Reads up to SCAN_PAGES pages of a list, stopping at the first short page. */
export async function scan<T extends v.GenericSchema>(
  http: HttpClient,
  path: string,
  query: Record<string, string | number>,
  item: T,
): Promise<v.InferOutput<T>[]> {
  const schema = ListSchema(item);
  const all: v.InferOutput<T>[] = [];
  for (let page = 0; page < SCAN_PAGES; page++) {
    const { data } = await http.get(path, { query: { ...query, limit: PAGE_SIZE, offset: page * PAGE_SIZE }, schema });
    all.push(...(data.objects as v.InferOutput<T>[]));
    if (data.objects.length < PAGE_SIZE) break;
  }
  return all;
}
