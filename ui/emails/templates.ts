// The email renderers, as the email service takes them (worker/env.ts puts them in EmailConfig).
import type { EmailTemplates } from "../../worker/domain/emails";
import { renderHelpAckEmail, renderHelpReceivedEmail } from "./HelpEmails";
import { renderPaymentEmail } from "./PaymentEmails";

export const EMAIL_TEMPLATES: EmailTemplates = {
  payment: renderPaymentEmail,
  helpReceived: renderHelpReceivedEmail,
  helpAck: renderHelpAckEmail,
};
