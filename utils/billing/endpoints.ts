/**
 * Where each billing system lives. The sandbox build points at the local emulators; the
 * production build has no trace of them (__SANDBOX__ is null there and the branch folds away).
 */
export interface Endpoints {
  api: string;
  /** The web app, for deep links. */
  app: string;
}

export const ENDPOINTS: { lexware: Endpoints; sevdesk: Endpoints } = __SANDBOX__
  ? {
      lexware: { api: `${__SANDBOX__.lexware}/v1`, app: __SANDBOX__.lexware },
      sevdesk: { api: `${__SANDBOX__.sevdesk}/api/v1`, app: __SANDBOX__.sevdesk },
    }
  : {
      lexware: { api: 'https://api.lexware.io/v1', app: 'https://app.lexware.de' },
      sevdesk: { api: 'https://my.sevdesk.de/api/v1', app: 'https://my.sevdesk.de' },
    };
