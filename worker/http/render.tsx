// One way to answer with HTML: a full page (Layout around the content) for normal requests, or
// just the fragment when htmx asks for a partial swap. The same component serves both.
import type { Context } from "hono";
import type { ComponentChildren, VNode } from "preact";
import { render } from "preact-render-to-string";
import { Layout, type PageContext } from "../../ui/Layout";
import { translator, type Translate } from "../../ui/i18n/client";
import { LANGUAGE_CODES } from "../domain/language";

// What a list page keeps in its filter form and "Older" link, and the sentence for refused list input.
export { listFilterValues, listQueryMessage } from "../domain/cursor";
import { positiveIntVar, type AppEnv } from "../env";

export type Status = 200 | 400 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500 | 503;

export function translate(c: Context<AppEnv>): Translate {
  return translator(c.get("language"));
}

export function pageContext(c: Context<AppEnv>): PageContext {
  const language = c.get("language");
  const otherLanguages = LANGUAGE_CODES.filter((other) => other !== language).map((other) => {
    const url = new URL(c.req.url);
    url.searchParams.set("lang", other);
    // Path-absolute on our origin: a request for "//host" must not yield a protocol-relative link.
    return { language: other, href: `/${url.pathname.replace(/^[/\\]+/, "")}${url.search}` };
  });
  return {
    t: translate(c),
    language,
    otherLanguages,
    inSession: c.get("session") !== null,
    firmName: c.env.FIRM_NAME,
    sessionIdleMinutes: positiveIntVar(c.env.SESSION_IDLE_MINUTES, 30),
  };
}

export function isHtmx(c: Context<AppEnv>): boolean {
  return c.req.header("HX-Request") === "true";
}

/** A full page, always. */
export function page(c: Context<AppEnv>, title: string, content: ComponentChildren, status: Status = 200) {
  const html =
    "<!doctype html>" +
    render(
      <Layout page={pageContext(c)} title={title}>
        {content}
      </Layout>,
    );
  return c.html(html, status);
}

/** Just a fragment: for htmx-only endpoints. */
export function fragment(c: Context<AppEnv>, content: VNode, status: Status = 200) {
  return c.html(render(content), status);
}

/** The fragment for htmx, a full page otherwise. */
export function pageOrFragment(c: Context<AppEnv>, title: string, content: VNode, status: Status = 200) {
  if (isHtmx(c)) return c.html(render(content), status);
  return page(c, title, content, status);
}

/** An invoice's PDF, shown in the browser or (download) saved; never kept in a cache. */
export function invoicePdfResponse(pdf: R2ObjectBody, invoiceNumber: string, download: boolean): Response {
  return new Response(pdf.body, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.size),
      "Content-Disposition": `${download ? "attachment" : "inline"}; filename="Invoice-${invoiceNumber}.pdf"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** After a successful form post: htmx follows HX-Redirect, a plain form follows 303. */
export function redirectAfterPost(c: Context<AppEnv>, location: string) {
  if (isHtmx(c)) {
    c.header("HX-Redirect", location);
    return c.body(null, 204);
  }
  return c.redirect(location, 303);
}
