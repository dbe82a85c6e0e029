import type { Translate } from "../i18n/client";

export function ErrorPage(props: { t: Translate; heading: string; body: string }) {
  return (
    <section class="card">
      <h1 data-focus-on-swap tabindex={-1}>
        {props.heading}
      </h1>
      <p>{props.body}</p>
      <div class="actions">
        <a class="button" href="/">
          {props.t("startOver")}
        </a>
        <a class="button secondary" href="/help">
          {props.t("needHelp")}
        </a>
      </div>
    </section>
  );
}
