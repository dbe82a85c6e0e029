import type { ComponentChildren } from "preact";
import { ASSETS } from "./assets.generated";
import type { Language, Translate } from "./i18n";

export interface PageContext {
  t: Translate;
  language: Language;
  /** Same page in the other language. */
  switchLanguageHref: string;
  inSession: boolean;
  firmName: string;
  /** Idle minutes before the session ends, for the warning shown shortly before. */
  sessionIdleMinutes: number;
}

export function Layout(props: { page: PageContext; title: string; children: ComponentChildren }) {
  const { t, language, switchLanguageHref, inSession, firmName, sessionIdleMinutes } = props.page;
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorCSS":false,"defaultTimeout":30000}' />
        <title>{`${props.title} · ${t("htmlTitleSuffix")} · ${firmName}`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={ASSETS.css} />
        <script src={ASSETS.htmx} defer />
        <script src={ASSETS.js} defer />
      </head>
      <body
        {...(inSession
          ? {
              "data-session-idle-seconds": String(sessionIdleMinutes * 60),
              "data-session-warning": t("sessionWarning", { minutes: 2 }),
              "data-stay-signed-in": t("staySignedIn"),
            }
          : {})}
      >
        <a class="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/">
              <span class="firm">{firmName}</span>
              <span class="portal">{t("portalTitle")}</span>
            </a>
            <nav class="site-nav" aria-label={t("portalTitle")}>
              <a href={switchLanguageHref} lang={language === "en" ? "es" : "en"} aria-label={t("languageSwitchLabel")}>
                {t("languageSwitch")}
              </a>
              <a href="/help">{t("needHelp")}</a>
              <a href="/faq">{t("faq")}</a>
              {inSession ? (
                <form method="post" action="/exit">
                  <button type="submit" class="link">
                    {t("exit")}
                  </button>
                </form>
              ) : null}
            </nav>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div id="live-error" class="alert alert-error" role="alert" tabindex={-1} hidden data-network-message={t("networkFailed")} />
          {props.children}
        </main>
        <footer class="site-footer">
          <p>{t("footerSecure")}</p>
        </footer>
      </body>
    </html>
  );
}
