// The one answer for a pay link that cannot be used: unknown, forged, expired or revoked all read
// the same, so the page tells a guesser nothing, and points a client to the other ways in.
import type { Translate } from "../i18n/client";

export function LinkUnavailablePage({ t }: { t: Translate }) {
  return (
    <section class="card">
      <h1 data-focus-on-swap tabindex={-1}>
        {t("linkUnavailableHeading")}
      </h1>
      <p>{t("linkUnavailableBody")}</p>
      <div class="actions">
        <a class="button" href="/">
          {t("linkLookUp")}
        </a>
        <a class="button secondary" href="/help">
          {t("needHelp")}
        </a>
      </div>
    </section>
  );
}
