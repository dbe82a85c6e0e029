// Counts, and optionally slows, every round trip a request makes to D1. Used by `npm run bench`
// (to model a client far from the database) and by the Worker tests that hold each route to its
// round-trip budget. Never imported by the Worker itself.
//
// A round trip is one call that reaches D1: a statement's first/all/run/raw, a batch, an exec,
// including those made through a Sessions API session. Calls that overlap (Promise.all) cost
// the client one wait, so `sequential` counts waves: a call that starts while none is in flight.

type Statement = D1PreparedStatement;

export class D1Meter {
  /** Every call that reached D1. */
  calls = 0;
  /** Waves of calls: what a client far from the database waits for. */
  sequential = 0;
  private inFlight = 0;

  constructor(private readonly delayMs = 0) {}

  private async trip<T>(run: () => Promise<T>): Promise<T> {
    this.calls++;
    if (this.inFlight === 0) this.sequential++;
    this.inFlight++;
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      return await run();
    } finally {
      this.inFlight--;
    }
  }

  wrap(db: D1Database): D1Database {
    return this.wrapQueryable(db, {
      exec: (query: string) => this.trip(() => db.exec(query)),
      dump: () => this.trip(() => db.dump()),
      withSession: (constraintOrBookmark?: string) => {
        const session = db.withSession(constraintOrBookmark);
        return this.wrapQueryable(session, { getBookmark: () => session.getBookmark() });
      },
    }) as unknown as D1Database;
  }

  private wrapQueryable<T extends { prepare(query: string): Statement; batch(statements: Statement[]): Promise<unknown> }>(
    target: T,
    extra: Record<string, unknown>,
  ) {
    return {
      ...extra,
      prepare: (query: string) => this.wrapStatement(target.prepare(query)),
      batch: (statements: Statement[]) => this.trip(() => target.batch(statements.map(unwrap))),
    };
  }

  private wrapStatement(statement: Statement): Statement {
    const wrapped = {
      [INNER]: statement,
      bind: (...values: unknown[]) => this.wrapStatement(statement.bind(...values)),
      first: (column?: string) => this.trip(() => (column === undefined ? statement.first() : statement.first(column))),
      all: () => this.trip(() => statement.all()),
      run: () => this.trip(() => statement.run()),
      raw: (options?: { columnNames?: boolean }) => this.trip(() => statement.raw(options as { columnNames: true })),
    };
    return wrapped as unknown as Statement;
  }
}

const INNER = Symbol("inner D1 statement");

/** A batch takes D1's own statements: hand it the ones inside our wrappers. */
function unwrap(statement: Statement): Statement {
  return (statement as unknown as { [INNER]?: Statement })[INNER] ?? statement;
}
