// Test fixtures for Worker tests: the demo data in real local D1/R2, and a small browser-like
// client that keeps cookies and sends the Origin header a real browser sends on form posts.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { seedDemo } from "../../tools/seed";
import { payLinkSettings, type WorkerEnv } from "../../worker/env";
import worker from "../../worker/index";
import { openDatabase } from "../../worker/storage/db";

export const ORIGIN = "https://portal.test";

/** The demo data, with a pay link for every open invoice (as `npm start` seeds it). */
export async function seedDemoData() {
  const { keyring, daysAfterDue } = payLinkSettings(env);
  return seedDemo({
    db: openDatabase(env.DB),
    bucket: env.PDFS,
    firmName: env.FIRM_NAME,
    now: Date.now(),
    payLinks: { keyring, daysAfterDue, origin: ORIGIN },
  });
}

export class TestBrowser {
  private cookies = new Map<string, string>();
  /**
   * When set, requests call the Worker's default export with these bindings (a metered D1, say)
   * instead of going through the test's own Worker; `afterResponse` runs as the response arrives,
   * before any work the Worker left to waitUntil.
   */
  env?: () => { bindings: WorkerEnv; afterResponse?: () => void };
  constructor(private readonly ip = "203.0.113.7") {}

  async request(path: string, init: RequestInit & { htmx?: boolean; form?: Record<string, string | string[]> } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("CF-Connecting-IP", this.ip);
    if (this.cookies.size) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (init.htmx) headers.set("HX-Request", "true");
    let body = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(init.form)) for (const v of [value].flat()) params.append(key, v);
      body = params;
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    }
    const method = init.method ?? (init.form ? "POST" : "GET");
    if (method !== "GET" && !headers.has("Origin")) headers.set("Origin", ORIGIN);
    const request = new Request(`${ORIGIN}${path}`, { ...init, method, headers, body, redirect: "manual" });
    let response: Response;
    if (this.env) {
      const { bindings, afterResponse } = this.env();
      const ctx = createExecutionContext();
      response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, bindings, ctx);
      afterResponse?.();
      await waitOnExecutionContext(ctx);
    } else {
      response = await exports.default.fetch(request);
    }
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/max-age=0/i.test(cookie) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string, init: RequestInit & { htmx?: boolean } = {}) {
    return this.request(path, init);
  }

  post(path: string, form: Record<string, string | string[]>, init: RequestInit & { htmx?: boolean } = {}) {
    return this.request(path, { ...init, method: "POST", form });
  }

  /** Looks up an invoice and expects to land in the portal. */
  async signIn(invoiceNumber: string, invoiceTotal: string) {
    const response = await this.post("/lookup", { invoiceNumber, invoiceTotal });
    if (response.status !== 303) throw new Error(`lookup failed: ${response.status} ${await response.text()}`);
    return response;
  }

  /** The D1 id of this browser's portal session (the part of the signed cookie before the tag). */
  sessionId(): string | undefined {
    const raw = this.cookies.get("__Host-portal_session");
    return raw ? decodeURIComponent(raw).split(".")[0]!.split("~")[0] : undefined;
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }
}

/** Visible text of an HTML page, tags stripped and spaces collapsed, for content assertions. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}
