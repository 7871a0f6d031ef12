/** Set at build time: the sandbox world's origins in `--mode sandbox`, null in production. */
declare const __SANDBOX__: { tms: string; lexware: string; sevdesk: string } | null;
