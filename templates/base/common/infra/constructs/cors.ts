/**
 * Which browser origins may call an API (`--cors-origin`, `--cors-methods`, `--cors-headers`,
 * `--cors-credentials`). Never "*" together with credentials: browsers refuse it, and the
 * security rule LF033 fails it.
 */
export interface ApiCors {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  allowCredentials: boolean;
}

/** How long (seconds) a browser may reuse a preflight answer. */
export const preflightMaxAge = 300;
