// Pay links: minting and revoking them (staff, CLI, demo seed) and opening one (a client).
// Opening checks, in order: the per-IP rate limit, the code's tag (no database), then D1.
import { PortalError } from "../domain/errors";
import { ipKey } from "../domain/ip";
import { isInvoiceNumber } from "../domain/numbers";
import {
  browserFamily,
  ipPrefix,
  payLinkExpiry,
  payLinkState,
  randomLinkId,
  signPayLinkCode,
  verifyPayLinkCode,
  type PayLinkKeyring,
  type PayLinkState,
} from "../domain/pay-links";
import { pageOf, type Cursor, type ListQuery } from "../domain/cursor";
import type { BatchStatement, Database } from "../storage/db";
import { newSessionId } from "./sessions";
import {
  findInvoicesForLinks,
  findPayLinkByCode,
  findUsableLinkForItem,
  insertPayLinks,
  listPayLinks,
  openLinkSession,
  revokePayLink as storeRevocation,
  type NewPayLink,
  type PayLinkListing,
} from "../storage/pay-links-repo";
import type { PayLinkView } from "../domain/staff-views";

// Routes build links' URLs and last days with the domain's own rules.
export { payLinkLastDay, payLinkUrl } from "../domain/pay-links";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { PayLinkView };

export interface PayLinkDeps {
  db: Database;
  now: () => number;
  keyring: PayLinkKeyring;
  daysAfterDue: number;
}

export type OpenResult = { outcome: "open"; sessionId: string; at: number } | { outcome: "unavailable" } | { outcome: "rate_limited" };

/**
 * Opens a pay link: the session it starts (ending the browser's previous one) and the record of
 * its use are one D1 batch, the link's validity checked inside it: one round trip.
 */
export async function openPayLink(
  deps: { db: Database; now: () => number; keyring: PayLinkKeyring; limiter: RateLimit },
  code: string,
  visitor: { ip: string; userAgent: string | undefined; previousSessionId: string | null },
): Promise<OpenResult> {
  const { success } = await deps.limiter.limit({ key: `pay-link:${ipKey(visitor.ip)}` });
  if (!success) return { outcome: "rate_limited" };
  // Forged, altered, truncated or extended codes end here, before any database read.
  if (!(await verifyPayLinkCode(deps.keyring, code))) return { outcome: "unavailable" };
  const now = deps.now();
  const sessionId = newSessionId();
  const { link, opened } = await openLinkSession(deps.db, {
    code,
    sessionId,
    previousSessionId: visitor.previousSessionId,
    now,
    ipPrefix: ipPrefix(visitor.ip),
    browser: browserFamily(visitor.userAgent),
  });
  // The batch's SQL and payLinkState are one rule: a link that is active here opened a session.
  if (!link || payLinkState(link, now) !== "active" || !opened) return { outcome: "unavailable" };
  return { outcome: "open", sessionId, at: now };
}

export interface MintedLink {
  invoiceNumber: string;
  code: string;
  expiresAt: number;
  /** An existing usable link was returned instead of a new one (the seed's reuse). */
  reused: boolean;
}

export type MintProblem = "invoice_number_invalid" | "invoice_unknown";
export type MintResult = { outcome: "minted"; links: MintedLink[] } | { outcome: "invalid"; errors: Map<string, MintProblem> };

/** At most this many links in one request (one D1 batch). */
export const MAX_MINT_BATCH = 50;
const MAX_COLLISION_RETRIES = 5;

/**
 * Mints a link for each invoice, all or none. `reuse` returns an invoice's existing unrevoked,
 * unexpired link instead of minting another (the demo seed, so a restart changes nothing). A
 * staff actor's mints are recorded as staff actions; the seed's are not staff actions.
 */
export async function mintPayLinks(
  deps: PayLinkDeps,
  invoiceNumbers: readonly string[],
  actor: { email: string; staff: boolean },
  options: { reuse?: boolean } = {},
): Promise<MintResult> {
  const wanted = [...new Set(invoiceNumbers.map((n) => n.trim()))];
  if (wanted.length === 0 || wanted.length > MAX_MINT_BATCH) throw new PortalError("validation", "between 1 and 50 invoice numbers");
  const errors = new Map<string, MintProblem>();
  for (const number of wanted) if (!isInvoiceNumber(number)) errors.set(number, "invoice_number_invalid");
  const invoices = await findInvoicesForLinks(
    deps.db,
    wanted.filter((n) => !errors.has(n)),
  );
  for (const number of wanted) if (!errors.has(number) && !invoices.has(number)) errors.set(number, "invoice_unknown");
  if (errors.size) return { outcome: "invalid", errors };

  const now = deps.now();
  const reused = new Map<string, MintedLink>();
  if (options.reuse) {
    for (const invoice of invoices.values()) {
      const existing = await findUsableLinkForItem(deps.db, invoice.itemId, now);
      if (existing)
        reused.set(invoice.invoiceNumber, { invoiceNumber: invoice.invoiceNumber, code: existing.code, expiresAt: existing.expiresAt, reused: true });
    }
  }
  const toMint = wanted.filter((number) => !reused.has(number));
  for (let attempt = 0; attempt < MAX_COLLISION_RETRIES; attempt++) {
    const fresh: (NewPayLink & { invoiceNumber: string })[] = [];
    for (const number of toMint) {
      const invoice = invoices.get(number)!;
      fresh.push({
        invoiceNumber: number,
        code: await signPayLinkCode(deps.keyring, randomLinkId()),
        keyId: deps.keyring.currentKeyId,
        itemId: invoice.itemId,
        expiresAt: payLinkExpiry(invoice.itemDate, now, deps.daysAfterDue).expiresAt,
        createdAt: now,
        createdBy: actor.email,
      });
    }
    // Two ids drawn alike in one batch would fail it as a whole: draw again.
    if (new Set(fresh.map((link) => link.code)).size !== fresh.length) continue;
    const stored = await insertPayLinks(
      deps.db,
      fresh.map(({ invoiceNumber: _, ...link }) => link),
      !actor.staff
        ? []
        : fresh.map((link) => ({
            email: actor.email,
            action: "mint_pay_link" as const,
            target: link.code,
            details: { invoiceNumber: link.invoiceNumber, expiresAt: link.expiresAt },
            now,
          })),
    );
    if (stored === "inserted") {
      const minted = new Map(
        fresh.map((link) => [link.invoiceNumber, { invoiceNumber: link.invoiceNumber, code: link.code, expiresAt: link.expiresAt, reused: false }]),
      );
      return { outcome: "minted", links: wanted.map((number) => reused.get(number) ?? minted.get(number)!) };
    }
  }
  throw new Error("pay link ids kept colliding: the id space is nearly full");
}

/** Revokes a link by its code; an unknown code is not_found. Revoking twice changes nothing. */
export async function revokePayLink(deps: { db: Database; now: () => number }, code: string, actor: { email: string }): Promise<{ revoked: boolean }> {
  if (!/^[A-Za-z0-9_-]{16}$/.test(code)) throw new PortalError("not_found", "no such link");
  const link = await findPayLinkByCode(deps.db, code);
  if (!link) throw new PortalError("not_found", "no such link");
  const revoked = await storeRevocation(deps.db, code, {
    email: actor.email,
    action: "revoke_pay_link",
    target: code,
    details: { invoiceNumber: link.invoiceNumber },
    now: deps.now(),
  });
  return { revoked };
}

export const PAY_LINK_STATES: readonly PayLinkState[] = ["active", "expired", "revoked"];

/** One page of links, newest first, with the cursor of the next (older) page. */
export async function listLinks(
  deps: { db: Database; now: () => number },
  query: ListQuery,
  options: { invoiceNumber?: string } = {},
): Promise<{ rows: PayLinkView[]; nextCursor: string | null }> {
  checkInvoiceFilter(options.invoiceNumber);
  const now = deps.now();
  return payLinksPage(await listPayLinks(deps.db, query, { now, invoiceNumber: options.invoiceNumber }), query, now);
}

/** A list of links for one invoice takes only an invoice number. */
export function checkInvoiceFilter(invoiceNumber: string | undefined): void {
  if (invoiceNumber !== undefined && !isInvoiceNumber(invoiceNumber)) throw new PortalError("validation", "invoice number");
}

/** A page of links (limit + 1 rows read) with each link's state now and the next page's cursor. */
export function payLinksPage(links: PayLinkListing[], query: ListQuery, now: number): { rows: PayLinkView[]; nextCursor: string | null } {
  const page = pageOf(links, query.limit, (link): Cursor => ({ at: link.createdAt, id: String(link.id) }));
  return { rows: page.rows.map((link) => ({ ...link, state: payLinkState(link, now) })), nextCursor: page.nextCursor };
}
