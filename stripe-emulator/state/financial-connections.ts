// ACH instant verification: the test institution's accounts linked through Stripe.js.
import { invalidRequest, newId, rejectUnknownParams, requireString, type FormObject } from "../wire.ts";
import type { LinkedAccount } from "../methods.ts";
import { TEST_ROUTING_NUMBER } from "../test-instruments.ts";

export class FinancialConnections {
  readonly linkedAccounts = new Map<string, LinkedAccount>();

  reset(): void {
    this.linkedAccounts.clear();
  }

  /** The test institution's account picker in Stripe.js: links an account, instantly verified. */
  linkAccount(params: FormObject): { id: string; object: "financial_connections.account"; institution_name: string; last4: string } {
    rejectUnknownParams(params, ["routing_number", "account_number"]);
    const routingNumber = requireString(params, "routing_number");
    const accountNumber = requireString(params, "account_number");
    if (routingNumber !== TEST_ROUTING_NUMBER) {
      throw invalidRequest(`The test institution only has accounts at routing number ${TEST_ROUTING_NUMBER}.`, {
        param: "routing_number",
        code: "routing_number_invalid",
      });
    }
    if (!/^\d{4,17}$/.test(accountNumber))
      throw invalidRequest("Account number must have between 4 and 17 digits.", { param: "account_number", code: "account_number_invalid" });
    const account: LinkedAccount = { id: newId("fca"), routingNumber, accountNumber };
    this.linkedAccounts.set(account.id, account);
    return { id: account.id, object: "financial_connections.account", institution_name: "Test Institution", last4: accountNumber.slice(-4) };
  }
}
