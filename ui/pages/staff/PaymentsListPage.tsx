// The paged payments list, filtered by status and dates.
import type { Translate } from "../../i18n";
import type { PaymentSummaryRow } from "../../../worker/domain/staff-views";
import { PaymentRows, STATUS_KEYS } from "./parts";
import { ListFilterErrors, ListFilterFields, OlderLink } from "./Paging";

export function PaymentsListPage(props: {
  t: Translate;
  rows: PaymentSummaryRow[];
  nextCursor: string | null;
  filter: Record<string, string>;
  errors: Record<string, string>;
  timeZone: string;
}) {
  const { t, filter } = props;
  const statuses = Object.keys(STATUS_KEYS).map((status) => ({ value: status, label: t(STATUS_KEYS[status]!) }));
  return (
    <>
      <h1>{t("opsPaymentsHeading")}</h1>
      <section class="card">
        <form method="get" action="/staff/payments" class="inline-form">
          <div class="inline-fields">
            <ListFilterFields t={t} filter={filter} statuses={statuses} />
            <button type="submit" class="button secondary small">
              {t("staffFilterApply")}
            </button>
          </div>
        </form>
        <ListFilterErrors t={t} errors={props.errors} />
        {props.rows.length ? <PaymentRows t={t} rows={props.rows} timeZone={props.timeZone} /> : <p>{t("staffNoPayments")}</p>}
        <OlderLink t={t} path="/staff/payments" filter={filter} nextCursor={props.nextCursor} />
      </section>
    </>
  );
}
