import type { ComponentChildren } from "preact";
import { ASSETS } from "./assets.generated";
import { LANGUAGES } from "../worker/domain/language";
import { translator, type Language, type Translate } from "./i18n/client";

export interface PageContext {
  t: Translate;
  language: Language;
  /** The same page in each of the other languages. */
  otherLanguages: { language: Language; href: string }[];
  inSession: boolean;
  firmName: string;
  /** Idle minutes before the session ends, for the warning shown shortly before. */
  sessionIdleMinutes: number;
}

/**
 * The document every page shares, client or staff: head, assets, skip link, the header bar with
 * the firm's name and the language switch, the live error region, and the main landmark.
 */
export function Frame(props: {
  page: PageContext;
  title: string;
  /** "Payment portal" or "Staff": under the firm's name and in the document title. */
  section: string;
  brandHref: string;
  /** Links before the language switch, and controls after it. */
  navBefore?: ComponentChildren;
  navAfter?: ComponentChildren;
  bodyAttributes?: Record<string, string>;
  noindex?: boolean;
  footer?: ComponentChildren;
  children: ComponentChildren;
}) {
  const { t, language, otherLanguages, firmName } = props.page;
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.noindex ? <meta name="robots" content="noindex" /> : null}
        <meta name="htmx-config" content='{"includeIndicatorCSS":false,"defaultTimeout":30000}' />
        <title>{`${props.title} · ${props.section} · ${firmName}`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={ASSETS.css} />
        {/* Ours first: it listens for htmx starting on each field (app.ts). Both run after parsing, in this order. */}
        <script src={ASSETS.js} defer />
        <script src={ASSETS.htmx} defer />
      </head>
      <body {...props.bodyAttributes}>
        <a class="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href={props.brandHref}>
              <span class="firm">{firmName}</span>
              <span class="portal">{props.section}</span>
            </a>
            <nav class="site-nav" aria-label={props.section}>
              {props.navBefore}
              {otherLanguages.map((other) => (
                <a href={other.href} lang={other.language} aria-label={translator(other.language)("languageSwitchLabel")}>
                  {LANGUAGES[other.language].name}
                </a>
              ))}
              {props.navAfter}
            </nav>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div id="live-error" class="alert alert-error" role="alert" tabindex={-1} hidden data-network-message={t("networkFailed")} />
          {props.children}
        </main>
        {props.footer}
      </body>
    </html>
  );
}

/** The client's pages: help, FAQ and Exit in the bar, the idle-session warning, the footer. */
export function Layout(props: { page: PageContext; title: string; children: ComponentChildren }) {
  const { t, inSession, sessionIdleMinutes } = props.page;
  return (
    <Frame
      page={props.page}
      title={props.title}
      section={t("portalTitle")}
      brandHref="/"
      bodyAttributes={
        inSession
          ? {
              "data-session-idle-seconds": String(sessionIdleMinutes * 60),
              "data-session-warning": t("sessionWarning", { minutes: 2 }),
              "data-stay-signed-in": t("staySignedIn"),
            }
          : undefined
      }
      navAfter={
        <>
          <a href="/help">{t("needHelp")}</a>
          <a href="/faq">{t("faq")}</a>
          {inSession ? (
            <form method="post" action="/exit">
              <button type="submit" class="link">
                {t("exit")}
              </button>
            </form>
          ) : null}
        </>
      }
      footer={
        <footer class="site-footer">
          <p>{t("footerSecure")}</p>
        </footer>
      }
    >
      {props.children}
    </Frame>
  );
}
