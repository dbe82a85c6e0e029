// The emulator's objects and their state machine, held in memory: one module per resource under
// state/, composed here. Verbs are synchronous on purpose: a request's whole state change happens
// in one turn of the event loop, so idempotency checks and concurrent requests cannot interleave.
import { Charges } from "./state/charges.ts";
import { ConfirmationTokens } from "./state/confirmation-tokens.ts";
import { Disputes } from "./state/disputes.ts";
import { Events } from "./state/events.ts";
import { FinancialConnections } from "./state/financial-connections.ts";
import { Microdeposits } from "./state/microdeposits.ts";
import { PaymentIntents } from "./state/payment-intents.ts";
import { PaymentMethods } from "./state/payment-methods.ts";
import { Refunds } from "./state/refunds.ts";
import type { StateOptions } from "./state/types.ts";

export type {
  DisputeScenario,
  EmulatedConfirmationToken,
  RequestContext,
  SettleOutcome,
  StateOptions,
  ThreeDSOutcome,
} from "./state/types.ts";
export { DISPUTE_SCENARIOS } from "./state/types.ts";

export class EmulatorState {
  readonly events: Events;
  readonly financialConnections = new FinancialConnections();
  readonly confirmationTokens: ConfirmationTokens;
  readonly paymentMethods: PaymentMethods;
  readonly charges: Charges;
  readonly microdeposits: Microdeposits;
  readonly paymentIntents: PaymentIntents;
  readonly refunds: Refunds;
  readonly disputes: Disputes;

  constructor(options: StateOptions) {
    const events = new Events(options);
    this.events = events;
    this.confirmationTokens = new ConfirmationTokens(options, events, this.financialConnections);
    this.paymentMethods = new PaymentMethods(options, events);
    this.charges = new Charges(options, events);
    // Microdeposits and payment intents need each other: the intents' lookup is passed as a function.
    this.microdeposits = new Microdeposits(options, events, this.charges, (id) => this.paymentIntents.intentRecord(id));
    this.paymentIntents = new PaymentIntents(options, events, {
      tokens: this.confirmationTokens,
      paymentMethods: this.paymentMethods,
      charges: this.charges,
      microdeposits: this.microdeposits,
    });
    this.refunds = new Refunds(options, events, this.paymentIntents, this.charges);
    this.disputes = new Disputes(options, events, this.paymentIntents);
  }

  reset(): void {
    this.confirmationTokens.reset();
    this.paymentIntents.reset();
    this.charges.reset();
    this.paymentMethods.reset();
    this.refunds.reset();
    this.disputes.reset();
    this.financialConnections.reset();
    this.microdeposits.reset();
    this.events.reset();
  }
}
