// The portal's worked example: the firm's guide shows exactly these totals
// (82,350.57 outstanding for Brickell Bay Holdings; 45,441.76 without its two newest invoices).
import type { StoredMethod } from "../worker/domain/payment-methods";

export interface DemoInvoice {
  number: string;
  date: string;
  totalCents: number;
  delivery: "electronic" | "paper";
}

export interface DemoClient {
  number: string;
  name: string;
  email: string;
  invoices: DemoInvoice[];
  lateFees: { invoiceNumber: string; date: string; amountCents: number }[];
  /** Payments received before the portal existed: real ledger entries, not stored balances. */
  priorPayments: { id: string; method: StoredMethod; receivedOn: string; invoiceNumber: string; amountCents: number }[];
}

export const DEMO_CLIENTS: DemoClient[] = [
  {
    number: "20481736",
    name: "Brickell Bay Holdings LLC",
    email: "ap@brickellbay.example",
    invoices: [
      { number: "410950", date: "2026-01-30", totalCents: 630_000, delivery: "electronic" },
      { number: "411872", date: "2026-03-31", totalCents: 1_420_000, delivery: "electronic" },
      { number: "412305", date: "2026-05-29", totalCents: 947_500, delivery: "paper" },
      { number: "412690", date: "2026-06-30", totalCents: 1_825_000, delivery: "electronic" },
      { number: "413018", date: "2026-07-31", totalCents: 445_000, delivery: "electronic" },
      { number: "413402", date: "2026-09-30", totalCents: 2_160_000, delivery: "electronic" },
      { number: "413955", date: "2026-10-30", totalCents: 1_530_881, delivery: "electronic" },
    ],
    lateFees: [{ invoiceNumber: "411872", date: "2026-09-30", amountCents: 78_676 }],
    priorPayments: [
      { id: "demo-check-410950", method: "check", receivedOn: "2026-02-27", invoiceNumber: "410950", amountCents: 630_000 },
      { id: "demo-check-411872", method: "check", receivedOn: "2026-05-15", invoiceNumber: "411872", amountCents: 172_000 },
    ],
  },
  {
    number: "20993410",
    name: "Coconut Grove Dental PA",
    email: "office@coconutgrovedental.example",
    invoices: [
      { number: "414120", date: "2026-11-14", totalCents: 315_000, delivery: "electronic" },
      { number: "414121", date: "2026-11-14", totalCents: 98_040, delivery: "paper" },
    ],
    lateFees: [],
    priorPayments: [],
  },
];
