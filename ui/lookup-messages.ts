// The lookup form's field errors: the service names what is wrong with a domain code, this says
// it in the client's language.
import type { AmountParseError } from "../worker/domain/money";
import type { LookupNumberError } from "../worker/domain/numbers";
import type { MessageKey } from "./i18n/client";

export const LOOKUP_NUMBER_MESSAGES: Record<LookupNumberError, MessageKey> = {
  empty: "errorInvoiceNumberEmpty",
  client_number: "errorClientNumber",
  invalid: "errorInvoiceNumberFormat",
};

export const LOOKUP_TOTAL_MESSAGES: Record<AmountParseError, MessageKey> = {
  empty: "errorTotalEmpty",
  format: "errorTotalFormat",
  too_many_decimals: "errorTotalDecimals",
  negative: "errorTotalNegative",
  too_large: "errorTotalTooLarge",
};
