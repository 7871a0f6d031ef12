/**
 * The sandbox build flag, read in this one module. `wxt build --mode sandbox` defines
 * __SANDBOX__ as the local origins of the demo TMS and both emulators; every other build
 * defines it as null, so code behind `if (SANDBOX)` folds away in production.
 */
export interface SandboxOrigins {
  tms: string;
  lexware: string;
  sevdesk: string;
}

export const SANDBOX: SandboxOrigins | null = __SANDBOX__;
