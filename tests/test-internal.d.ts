// The one export of the Workers vitest plugin's internal module that tests/file-isolation.ts uses.
declare module "cloudflare:test-internal" {
  /** Settles when every promise the runtime was given through waitUntil (to this point) has. */
  export function waitForGlobalWaitUntil(): Promise<void>;
}
