// What every paged staff list shares: the status and date filters, the notice for a filter that is
// not valid, and the "Older" link that carries the filters and the list's next cursor.
import { Notice } from "../../components";
import type { Translate } from "../../i18n";

/**
 * The filter form's fields: status (when the list has one; `statusParam` and its labels where the
 * list filters on a kind instead), from and to. Limit rides along hidden.
 */
export function ListFilterFields(props: {
  t: Translate;
  filter: Record<string, string>;
  statuses?: { value: string; label: string }[];
  statusParam?: string;
  statusLabel?: string;
  anyLabel?: string;
}) {
  const { t, filter } = props;
  const name = props.statusParam ?? "status";
  return (
    <>
      {props.statuses ? (
        <label>
          {props.statusLabel ?? t("staffColStatus")}{" "}
          <select name={name}>
            <option value="">{props.anyLabel ?? t("opsAnyStatus")}</option>
            {props.statuses.map((status) => (
              <option value={status.value} selected={filter[name] === status.value}>
                {status.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        {t("staffExportFrom")} <input type="date" name="from" value={filter.from ?? ""} />
      </label>
      <label>
        {t("staffExportTo")} <input type="date" name="to" value={filter.to ?? ""} />
      </label>
      {filter.limit ? <input type="hidden" name="limit" value={filter.limit} /> : null}
    </>
  );
}

export function ListFilterErrors({ t, errors }: { t: Translate; errors: Record<string, string> }) {
  const fields = Object.keys(errors);
  return fields.length ? <Notice kind="error">{t("opsBadFilter", { fields: fields.join(", ") })}</Notice> : null;
}

/** "Older": the same list from the next cursor on, with the same filters. Nothing when this is the last page. */
export function OlderLink(props: { t: Translate; path: string; filter: Record<string, string>; nextCursor: string | null; hash?: string }) {
  if (!props.nextCursor) return null;
  const params = new URLSearchParams(Object.entries(props.filter).filter(([, value]) => value !== ""));
  params.set("cursor", props.nextCursor);
  return (
    <p>
      <a href={`${props.path}?${params.toString()}${props.hash ? `#${props.hash}` : ""}`} rel="next" class="button secondary small">
        {props.t("opsOlder")}
      </a>
    </p>
  );
}
