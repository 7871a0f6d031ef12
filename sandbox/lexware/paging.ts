/** Lexware's paging (docs "Paging of Resources"): 0-based `page`, `size` ≤ 250, Spring's page envelope. */

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 250;
/** "Maximum search window size exceeded": no page may reach past the 10,000th entry. */
export const MAX_SEARCH_WINDOW = 10_000;

export interface PageRequest {
  page: number;
  size: number;
}

export interface PagingProblem {
  param: 'page' | 'size';
  message: string;
}

export interface SortOrder {
  property: string;
  direction: 'ASC' | 'DESC';
}

export interface Page<T> {
  content: T[];
  first: boolean;
  last: boolean;
  totalPages: number;
  totalElements: number;
  numberOfElements: number;
  size: number;
  number: number;
  sort: { direction: 'ASC' | 'DESC'; property: string; ignoreCase: boolean; nullHandling: 'NATIVE'; ascending: boolean }[];
}

function integerParam(query: URLSearchParams, name: string): number | undefined | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return /^-?\d+$/.test(raw) ? Number(raw) : null;
}

export function parsePaging(query: URLSearchParams): PageRequest | PagingProblem {
  const page = integerParam(query, 'page');
  const size = integerParam(query, 'size');
  if (page === null || (page !== undefined && page < 0)) return { param: 'page', message: 'page must be a non-negative integer' };
  if (size === null || (size !== undefined && (size < 1 || size > MAX_PAGE_SIZE))) {
    return { param: 'size', message: `size must be between 1 and ${MAX_PAGE_SIZE}` };
  }
  const request = { page: page ?? 0, size: size ?? DEFAULT_PAGE_SIZE };
  if ((request.page + 1) * request.size > MAX_SEARCH_WINDOW) return { param: 'page', message: 'Maximum search window size exceeded' };
  return request;
}

export function isPagingProblem(value: PageRequest | PagingProblem): value is PagingProblem {
  return 'param' in value;
}

/** Cuts one page out of the already filtered and sorted items. */
export function pageOf<T>(items: readonly T[], request: PageRequest, sort: SortOrder[]): Page<T> {
  const totalPages = Math.ceil(items.length / request.size);
  const content = items.slice(request.page * request.size, (request.page + 1) * request.size);
  return {
    content,
    first: request.page === 0,
    last: request.page >= totalPages - 1,
    totalPages,
    totalElements: items.length,
    numberOfElements: content.length,
    size: request.size,
    number: request.page,
    sort: sort.map((s) => ({ direction: s.direction, property: s.property, ignoreCase: false, nullHandling: 'NATIVE', ascending: s.direction === 'ASC' })),
  };
}
