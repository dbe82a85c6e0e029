// The paged payments list, filtered by status and dates.
import { Notice } from "../../components";
import type { Translate } from "../../i18n";
import type { PaymentSummaryRow } from "../../../worker/domain/staff-views";
import { PaymentRows, STATUS_KEYS } from "./parts";

export interface ListFilterValues {
  status: string;
  from: string;
  to: string;
  limit: string;
}

export function PaymentsListPage(props: { t: Translate; rows: PaymentSummaryRow[]; nextCursor: string | null; filter: ListFilterValues; errors: Record<string, string>; timeZone: string }) {
  const { t, filter } = props;
  const older = new URLSearchParams({ ...(filter.status ? { status: filter.status } : {}), ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}), ...(filter.limit ? { limit: filter.limit } : {}) });
  if (props.nextCursor) older.set("cursor", props.nextCursor);
  return (
    <>
      <h1>{t("opsPaymentsHeading")}</h1>
      <section class="card">
        <form method="get" action="/staff/payments" class="inline-form">
          <div class="inline-fields">
            <label>
              {t("staffColStatus")}{" "}
              <select name="status">
                <option value="">{t("opsAnyStatus")}</option>
                {Object.keys(STATUS_KEYS).map((status) => (
                  <option value={status} selected={filter.status === status}>
                    {t(STATUS_KEYS[status]!)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("staffExportFrom")} <input type="date" name="from" value={filter.from} />
            </label>
            <label>
              {t("staffExportTo")} <input type="date" name="to" value={filter.to} />
            </label>
            <button type="submit" class="button secondary small">
              {t("staffFilterButton")}
            </button>
          </div>
        </form>
        {Object.keys(props.errors).length ? <Notice kind="error">{t("opsBadFilter", { fields: Object.keys(props.errors).join(", ") })}</Notice> : null}
        {props.rows.length ? <PaymentRows t={t} rows={props.rows} timeZone={props.timeZone} /> : <p>{t("staffNoPayments")}</p>}
        {props.nextCursor ? (
          <p>
            <a href={`/staff/payments?${older.toString()}`} rel="next" class="button secondary small">
              {t("opsOlder")}
            </a>
          </p>
        ) : null}
      </section>
    </>
  );
}
