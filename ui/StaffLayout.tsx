// The frame of the staff pages: the portal's look, with the staff navigation and identity instead
// of the client's (help, FAQ and exit are for clients).
import type { ComponentChildren } from "preact";
import type { Translate } from "./i18n";
import { Frame, type PageContext } from "./Layout";

/** The page context with the staff Worker's whole message tables. */
export type StaffPageContext = Omit<PageContext, "t"> & { t: Translate };

export function StaffLayout(props: { page: StaffPageContext; title: string; staffEmail: string; children: ComponentChildren }) {
  const { t } = props.page;
  return (
    <Frame
      page={props.page}
      title={props.title}
      section={t("staffTitle")}
      brandHref="/staff"
      noindex
      bodyAttributes={{ class: "staff" }}
      navBefore={
        <>
          <a href="/staff/search">{t("opsNavSearch")}</a>
          <a href="/staff">{t("staffNavPayments")}</a>
          <a href="/staff/payments">{t("opsNavPayments")}</a>
          <a href="/staff/deposits">{t("opsNavDeposits")}</a>
          <a href="/staff/help">{t("staffNavHelp")}</a>
          <span class="staff-identity">{t("staffSignedInAs", { email: props.staffEmail })}</span>
        </>
      }
    >
      {props.children}
    </Frame>
  );
}
