/**
 * The header on the 403 the extension makes up when a recipe's second origin is not granted
 * (tms-fetch.ts): the recipe reads it as `access-missing`, not as an expired session.
 */
export const ACCESS_HEADER = 'x-frachtbeleg-access';
