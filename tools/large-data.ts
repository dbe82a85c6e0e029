// The data of `npm run seed:large`: a firm at its real size, generated from a seeded PRNG so every
// run produces the same rows. Pure: it yields rows in insertion order and knows nothing of D1.
//
// The firm's invoice numbers are 6 digits starting with 4, so at most 100,000 invoices can exist;
// the million items are therefore about 99,000 invoices (numbers 400000-498999, the demo's
// skipped, 499000-499999 left free for imports) and their monthly late fees.

import { DEMO_CLIENTS } from "./demo-data";

export const LARGE = {
  clients: 100_000,
  items: 1_000_000,
  payments: 200_000,
  /** First ids of the generated rows: far above anything the demo seed or a test creates. */
  firstClientId: 1_000_001,
  firstItemId: 10_000_001,
  firstAllocationId: 10_000_001,
  /** The marker of a loaded database: the first generated client's number. */
  firstClientNumber: "21000000",
};

export interface LargeClient {
  id: number;
  number: string;
  name: string;
  email: string | null;
}

export interface LargeItem {
  id: number;
  clientId: number;
  kind: "invoice" | "late_fee";
  invoiceNumber: string;
  itemDate: string;
  originalCents: number;
  delivery: "electronic" | "paper" | null;
}

export interface LargePayment {
  id: string;
  clientId: number;
  status: "succeeded" | "processing" | "failed";
  method: "card" | "ach" | "check";
  cardFunding: "credit" | "debit" | null;
  methodLabel: string | null;
  subtotalCents: number;
  feeCents: number;
  totalCents: number;
  stripePaymentIntentId: string | null;
  createdAt: number;
  settledAt: number | null;
  allocations: { id: number; itemId: number; amountCents: number }[];
}

/** mulberry32: small, fast and good enough to spread test data; the seed fixes every value. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Accented and apostrophe names on purpose: staff search must find "Gómez" and "O'Brien".
const SURNAMES = [
  "Gómez",
  "Pérez",
  "Núñez",
  "Muñoz",
  "Rodríguez",
  "García",
  "Hernández",
  "López",
  "Martínez",
  "Sánchez",
  "Ramírez",
  "Torres",
  "Flores",
  "Rivera",
  "Díaz",
  "Cruz",
  "Morales",
  "Ortiz",
  "Gutiérrez",
  "Chávez",
  "Álvarez",
  "Jiménez",
  "Peña",
  "Castañeda",
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Miller",
  "Davis",
  "Wilson",
  "Anderson",
  "Taylor",
  "Moore",
  "Jackson",
  "Thompson",
  "White",
  "Harris",
  "Clark",
  "O'Brien",
  "Nguyen",
  "Kim",
  "Müller",
  "Kowalczyk",
  "Wójcik",
  "Dubois",
  "Lefèvre",
  "Søren",
  "Costa",
];
const GIVEN = [
  "María",
  "José",
  "Andrés",
  "Lucía",
  "Sofía",
  "Martín",
  "Inés",
  "Raúl",
  "Verónica",
  "Óscar",
  "James",
  "Mary",
  "Robert",
  "Patricia",
  "John",
  "Jennifer",
  "Michael",
  "Linda",
  "David",
  "Susan",
  "Zoë",
  "Chloé",
  "Björn",
  "François",
  "Agnieszka",
  "Thuy",
  "Min-jun",
  "Aisha",
  "Kwame",
  "Priya",
];
const COMPANY = [
  "LLC",
  "Holdings LLC",
  "Dental PA",
  "Law Office",
  "Construction Inc",
  "Bakery",
  "Imports Corp",
  "Consulting Group",
  "Family Trust",
  "Medical Group",
  "Realty",
  "Auto Repair",
  "Landscaping",
  "Architects",
  "Café",
  "Marine Services",
];
const BRANDS = ["VISA", "MASTERCARD", "AMEX", "DISCOVER"];
const BANKS = ["STRIPE TEST BANK", "Banco Popular", "Chase", "Wells Fargo"];

const DAY = 86_400_000;
const INVOICES_FROM = Date.UTC(2024, 0, 1);
const INVOICE_SPAN_DAYS = 660;

function pick<T>(rng: () => number, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function generateClients(): LargeClient[] {
  const rng = prng(20_481_736);
  const clients: LargeClient[] = [];
  for (let i = 0; i < LARGE.clients; i++) {
    // 8 digits starting with 2, distinct, never a demo number (those are below 21000000).
    const number = String(21_000_000 + i * 9 + (i % 7));
    const surname = pick(rng, SURNAMES);
    const name = rng() < 0.5 ? `${surname} ${pick(rng, COMPANY)}` : `${pick(rng, GIVEN)} ${surname}`;
    const email = rng() < 0.8 ? `billing+${number}@example.com` : null;
    clients.push({ id: LARGE.firstClientId + i, number, name, email });
  }
  return clients;
}

function invoiceNumbers(): string[] {
  const demo = new Set(DEMO_CLIENTS.flatMap((c) => c.invoices.map((i) => i.number)));
  const numbers: string[] = [];
  for (let n = 400_000; n < 499_000; n++) if (!demo.has(String(n))) numbers.push(String(n));
  return numbers;
}

/**
 * Every item, grouped by client (a client's rows are contiguous, as an import would write them).
 * Invoices are spread 0 to 3 per client; late fees, one a month after the invoice, make up the rest.
 */
export function generateItems(clients: LargeClient[]): LargeItem[] {
  const rng = prng(413_955);
  const numbers = invoiceNumbers();
  // Invoices per client: 0-3, then trimmed or topped up so every number is used exactly once.
  const perClient = clients.map(() => [0, 1, 1, 1, 1, 2, 2, 0][Math.floor(rng() * 8)]!);
  let diff = numbers.length - perClient.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % clients.length) {
    if (diff > 0 && perClient[i]! < 3) perClient[i]!++, diff--;
    else if (diff < 0 && perClient[i]! > 0) perClient[i]!--, diff++;
  }
  // Late fees per invoice: 0-18 (nine on average), adjusted so the total is exactly LARGE.items.
  const lateFees = numbers.map(() => Math.floor(rng() * 19));
  let lateDiff = LARGE.items - numbers.length - lateFees.reduce((a, b) => a + b, 0);
  for (let j = 0; lateDiff !== 0; j = (j + 1) % numbers.length) {
    if (lateDiff > 0 && lateFees[j]! < 24) lateFees[j]!++, lateDiff--;
    else if (lateDiff < 0 && lateFees[j]! > 0) lateFees[j]!--, lateDiff++;
  }

  const items: LargeItem[] = [];
  let nextId = LARGE.firstItemId;
  let invoice = 0;
  clients.forEach((client, i) => {
    for (let k = 0; k < perClient[i]!; k++, invoice++) {
      const number = numbers[invoice]!;
      const issued = INVOICES_FROM + Math.floor(rng() * INVOICE_SPAN_DAYS) * DAY;
      const originalCents = 5_000 + Math.floor(rng() * 2_500_000);
      items.push({
        id: nextId++,
        clientId: client.id,
        kind: "invoice",
        invoiceNumber: number,
        itemDate: isoDate(issued),
        originalCents,
        delivery: rng() < 0.7 ? "electronic" : "paper",
      });
      const fee = Math.max(100, Math.round(originalCents * 0.015));
      for (let m = 1; m <= lateFees[invoice]!; m++) {
        items.push({
          id: nextId++,
          clientId: client.id,
          kind: "late_fee",
          invoiceNumber: number,
          itemDate: isoDate(issued + m * 30 * DAY),
          originalCents: fee,
          delivery: null,
        });
      }
    }
  });
  return items;
}

/**
 * Payments of every kind over the items, two per client on average; each allocation stays within
 * what is left on its item (the overpayment trigger would refuse anything else).
 */
export function generatePayments(items: LargeItem[]): LargePayment[] {
  const rng = prng(15_308_81);
  // The items of each client, as [start, end) ranges into `items` (they are contiguous).
  const ranges: [number, number][] = [];
  for (let i = 0; i < items.length; ) {
    let j = i;
    while (j < items.length && items[j]!.clientId === items[i]!.clientId) j++;
    ranges.push([i, j]);
    i = j;
  }
  const left = new Int32Array(items.length);
  items.forEach((item, i) => (left[i] = item.originalCents));

  const payments: LargePayment[] = [];
  let allocationId = LARGE.firstAllocationId;
  const from = Date.UTC(2024, 1, 1);
  const span = Date.UTC(2026, 10, 15) - from;
  for (let p = 0; payments.length < LARGE.payments; p++) {
    const [start, end] = ranges[p % ranges.length]!;
    const allocations: LargePayment["allocations"] = [];
    const indexes: number[] = [];
    const parts = 1 + Math.floor(rng() * 3);
    for (let tries = 0; allocations.length < parts && tries < 6; tries++) {
      const index = start + Math.floor(rng() * (end - start));
      if (left[index]! <= 0 || indexes.includes(index)) continue;
      const amount = rng() < 0.7 ? left[index]! : Math.max(1, Math.floor(left[index]! * rng()));
      allocations.push({ id: 0, itemId: items[index]!.id, amountCents: amount });
      indexes.push(index);
    }
    if (allocations.length === 0) continue;
    const roll = rng();
    const status = roll < 0.97 ? "succeeded" : roll < 0.99 ? "failed" : "processing";
    const method = status === "processing" ? "ach" : pick(rng, ["card", "card", "ach", "check"] as const);
    // A failed payment holds nothing; the others keep their amounts off the item.
    if (status !== "failed") allocations.forEach((a, k) => (left[indexes[k]!]! -= a.amountCents));
    for (const a of allocations) a.id = allocationId++;
    const subtotalCents = allocations.reduce((sum, a) => sum + a.amountCents, 0);
    const cardFunding = method === "card" ? (rng() < 0.7 ? "credit" : "debit") : null;
    const feeCents = cardFunding === "credit" ? Math.round(subtotalCents * 0.03) : 0;
    const createdAt = from + Math.floor((payments.length / LARGE.payments) * span) + Math.floor(rng() * 3_600_000);
    const n = String(payments.length + 1).padStart(7, "0");
    payments.push({
      id: `seed-large-${n}`,
      clientId: items[start]!.clientId,
      status,
      method,
      cardFunding,
      methodLabel:
        method === "card" ? `${pick(rng, BRANDS)} •••• ${String(1000 + Math.floor(rng() * 9000))}` : method === "ach" ? `${pick(rng, BANKS)} •••• 6789` : null,
      subtotalCents,
      feeCents,
      totalCents: subtotalCents + feeCents,
      stripePaymentIntentId: method === "check" ? null : `pi_seedlarge${n}`,
      createdAt,
      settledAt: status === "succeeded" ? createdAt + (method === "ach" ? 3 * DAY : 0) : null,
      allocations,
    });
  }
  return payments;
}
