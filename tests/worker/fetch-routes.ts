// Outbound fetches the Worker makes in tests (Access certs, Turnstile's siteverify), answered by
// the test: one spy on fetch serves the registered URLs (query string ignored) and lets every
// other request out unchanged. The spy is installed again whenever it is no longer the one in
// place (a test restored it, or spied on fetch itself), so helpers can call this at any time.
import { vi } from "vitest";

type Route = (request: Request) => Response | Promise<Response>;
const routes = new Map<string, Route>();
let installedFetch: typeof fetch | null = null;

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/** Answers one URL from the test; the handler makes a new Response per call (a body reads once). */
export function routeFetch(url: string, handler: Route): void {
  routes.set(url, handler);
  if (installedFetch !== null && globalThis.fetch === installedFetch) return;
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const route = routes.get(urlOf(input).split("?")[0]!);
    return route ? route(new Request(input, init)) : realFetch(input, init);
  });
  installedFetch = globalThis.fetch;
}
