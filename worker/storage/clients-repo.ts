// Clients: the firm's customers, found by id (a session's), by number or by name. Statement
// builders return unexecuted queries, for the batch of whoever composes a page.
import { and, asc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { prefixUpperBound } from "../domain/name-fold";
import type { Database } from "./db";
import { clients } from "./schema";

export interface ClientRecord {
  id: number;
  number: string;
  name: string;
  email: string | null;
}

export type ClientRow = typeof clients.$inferSelect;

/** Name matches shown per search; one more is fetched to say "more: refine the search". */
export const NAME_MATCHES = 20;

export function toClientRecord(row: ClientRow | undefined): ClientRecord | null {
  return row ? { id: row.id, number: row.number, name: row.name, email: row.email } : null;
}

export async function findClientById(db: Database, clientId: number): Promise<ClientRecord | null> {
  return toClientRecord(await db.select().from(clients).where(eq(clients.id, clientId)).limit(1).get());
}

/** The client's row; the client is an id or an SQL expression (a subquery on the session row). */
export function clientQuery(db: Database, clientId: number | SQL<number>) {
  return db.select().from(clients).where(eq(clients.id, clientId)).limit(1);
}

/** The id of the client with this number, as a subquery for other tables' statements (NULL if none). */
export function clientIdOfNumber(clientNumber: string): SQL<number> {
  return sql<number>`(select ${clients.id} from ${clients} where ${clients.number} = ${clientNumber})`;
}

/** The client with this number, as the staff's client page shows it. */
export function clientByNumberQuery(db: Database, clientNumber: string) {
  return db
    .select({ id: clients.id, number: clients.number, name: clients.name, email: clients.email, createdAt: clients.createdAt })
    .from(clients)
    .where(eq(clients.number, clientNumber));
}

const matchColumns = { id: clients.id, number: clients.number, name: clients.name, email: clients.email };

/** Staff search: the client with exactly this number. */
export function clientNumberMatchQuery(db: Database, clientNumber: string) {
  return db.select(matchColumns).from(clients).where(eq(clients.number, clientNumber)).limit(1);
}

/** Staff search: clients whose folded name starts with `folded` (NAME_MATCHES + 1 rows at most). */
export function clientNamePrefixQuery(db: Database, folded: string) {
  return db
    .select(matchColumns)
    .from(clients)
    .where(and(gte(clients.nameFolded, folded), lt(clients.nameFolded, prefixUpperBound(folded))))
    .orderBy(asc(clients.nameFolded), asc(clients.id))
    .limit(NAME_MATCHES + 1);
}
