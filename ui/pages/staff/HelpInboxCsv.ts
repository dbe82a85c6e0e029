// The help inbox as CSV, in the staff member's language. Cells are made formula-safe by toCsv.
import type { Translate } from "../../i18n";
import { formatUsDate } from "../../../worker/domain/dates";
import { toCsv } from "../../../worker/domain/csv";
import type { InboxRow } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";
import { topicLabel } from "../HelpPage";
import { statusLabel } from "./HelpInbox";

export function helpInboxCsv(t: Translate, rows: InboxRow[], timeZone: string): string {
  const header = [
    t("staffColReference"),
    t("staffColReceived"),
    t("staffColDue"),
    t("staffOverdue"),
    t("staffFilterStatus"),
    t("helpTopic"),
    t("staffFieldName"),
    t("staffFieldEmail"),
    t("staffFieldPhone"),
    t("staffFieldCompany"),
    t("staffFieldSessionClient"),
    t("staffFieldTypedNumber"),
    t("staffFieldLanguage"),
    t("staffFieldMessage"),
  ];
  const body = rows.map(({ request, overdue }) => [
    request.reference,
    formatUsDateTime(request.submittedAt, timeZone),
    formatUsDate(request.dueDate),
    overdue ? t("staffOverdue") : "",
    statusLabel(t, request.status),
    topicLabel(t, request.topic),
    request.name,
    request.email,
    request.phone,
    request.company,
    request.sessionClientNumber,
    request.typedNumber,
    request.language,
    request.message,
  ]);
  // A byte-order mark so Excel reads the accents as UTF-8.
  return "\uFEFF" + toCsv(header, body);
}
