// The statement of account, printable: the document itself, with print and PDF buttons that
// the print stylesheet hides.
import type { Translate } from "../i18n/client";
import type { TextDocument } from "../text-document";
import { TextDocumentHtml } from "./TextDocumentHtml";

export function StatementPage({ t, doc }: { t: Translate; doc: TextDocument }) {
  return (
    <>
      <article class="card statement" id="statement">
        <TextDocumentHtml doc={doc} />
      </article>
      <div class="actions">
        <a class="button secondary print-button" href="/portal/statement" data-print>
          {t("statementPrint")}
        </a>
        <a class="button secondary" href="/portal/statement.pdf" download>
          {t("statementDownload")}
        </a>
        <a class="button secondary" href="/portal/payments">
          {t("yourPaymentsLink")}
        </a>
        <a class="button" href="/portal">
          {t("backToAccount")}
        </a>
      </div>
    </>
  );
}
