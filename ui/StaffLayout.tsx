// The frame of the staff pages: the portal's look, with the staff identity instead of the
// client's navigation (help, FAQ and exit are for clients).
import type { ComponentChildren } from "preact";
import { ASSETS } from "./assets.generated";
import type { PageContext } from "./Layout";

export function StaffLayout(props: { page: PageContext; title: string; staffEmail: string; children: ComponentChildren }) {
  const { t, language, switchLanguageHref, firmName } = props.page;
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${t("staffTitle")} · ${firmName}`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={ASSETS.css} />
        <meta name="htmx-config" content='{"includeIndicatorCSS":false,"defaultTimeout":30000}' />
        <script src={ASSETS.htmx} defer />
        <script src={ASSETS.js} defer />
      </head>
      <body class="staff">
        <a class="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/staff">
              <span class="firm">{firmName}</span>
              <span class="portal">{t("staffTitle")}</span>
            </a>
            <nav class="site-nav" aria-label={t("staffTitle")}>
              <a href="/staff">{t("staffNavPayments")}</a>
              <a href="/staff/help">{t("staffNavHelp")}</a>
              <span class="staff-identity">{t("staffSignedInAs", { email: props.staffEmail })}</span>
              <a href={switchLanguageHref} lang={language === "en" ? "es" : "en"} aria-label={t("languageSwitchLabel")}>
                {t("languageSwitch")}
              </a>
            </nav>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div id="live-error" class="alert alert-error" role="alert" tabindex={-1} hidden data-network-message={t("networkFailed")} />
          {props.children}
        </main>
      </body>
    </html>
  );
}
