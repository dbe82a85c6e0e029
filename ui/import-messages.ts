// Import problems in words, for the staff API's report and the CLI's output.
import type { ImportErrorCode, ImportFileErrorCode } from "../worker/domain/import";
import type { MessageKey, Translate } from "./i18n";

const ROW_KEYS: Record<ImportErrorCode, MessageKey> = {
  not_text: "importNotText",
  record_type_invalid: "importRecordTypeInvalid",
  client_number_invalid: "importClientNumberInvalid",
  client_name_missing: "importClientNameMissing",
  client_name_too_long: "importClientNameTooLong",
  client_name_conflict: "importClientNameConflict",
  client_email_invalid: "importClientEmailInvalid",
  invoice_number_invalid: "importInvoiceNumberInvalid",
  date_invalid: "importDateInvalid",
  amount_invalid: "importAmountInvalid",
  amount_zero: "importAmountZero",
  delivery_invalid: "importDeliveryInvalid",
  delivery_not_allowed: "importDeliveryNotAllowed",
  pdf_file_invalid: "importPdfFileInvalid",
  pdf_file_not_allowed: "importPdfFileNotAllowed",
  pdf_file_missing: "importPdfFileMissing",
  pdf_file_not_pdf: "importPdfFileNotPdf",
  duplicate_invoice: "importDuplicateInvoice",
  duplicate_late_fee: "importDuplicateLateFee",
  invoice_other_client: "importInvoiceOtherClient",
  late_fee_unknown_invoice: "importLateFeeUnknownInvoice",
  total_change_has_payments: "importTotalChangeHasPayments",
};

const FILE_KEYS: Record<ImportFileErrorCode, MessageKey> = {
  no_rows: "importNoRows",
  too_many_rows: "importTooManyRows",
  missing_column: "importMissingColumn",
  unknown_column: "importUnknownColumn",
  csv_malformed: "importCsvMalformed",
};

export function importRowMessage(t: Translate, code: ImportErrorCode): string {
  return t(ROW_KEYS[code]);
}

export function importFileMessage(t: Translate, error: { code: ImportFileErrorCode; column?: string; line?: number }): string {
  return t(FILE_KEYS[error.code], { column: error.column ?? "", line: error.line ?? 0 });
}
