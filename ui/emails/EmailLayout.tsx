// The HTML part of every email: plain semantic HTML, no styles or scripts (mail clients strip
// them, and the development mailbox shows it under the portal's strict CSP). Preact escapes text.
import type { ComponentChildren } from "preact";
import { render } from "preact-render-to-string";
import type { Language, Translate } from "../i18n";

export function emailHtml(props: { language: Language; subject: string; t: Translate; firmName: string; children: ComponentChildren }): string {
  const { t } = props;
  return (
    "<!doctype html>" +
    render(
      <html lang={props.language}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{props.subject}</title>
        </head>
        <body>
          {props.children}
          <hr />
          <p>
            <small>{t("emailFooter", { firm: props.firmName })}</small>
          </p>
        </body>
      </html>,
    )
  );
}

/** Text with line breaks, as paragraphs of lines (no HTML from the data, ever). */
export function Lines(props: { text: string }) {
  const lines = props.text.split("\n");
  return (
    <p>
      {lines.map((line, index) => (
        <>
          {index > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </p>
  );
}

/** Label/value rows, as a table because mail clients render tables everywhere. */
export function Facts(props: { rows: [string, string][] }) {
  return (
    <table cellpadding="4" cellspacing="0">
      <tbody>
        {props.rows.map(([label, value]) => (
          <tr>
            <th align="left" scope="row">
              {label}
            </th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function textFacts(rows: [string, string][]): string {
  return rows.map(([label, value]) => `${label}: ${value}`).join("\n");
}
