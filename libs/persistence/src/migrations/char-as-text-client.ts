import pg from 'pg';

/** PostgreSQL's one-byte internal `"char"` type (pg_type.oid 18) and plain `text` (oid 25). */
const CHAR_OID = 18;
const TEXT_OID = 25;

type QueryCallback = (error: Error | null, result: unknown) => void;

/**
 * A pg client that reports `"char"` columns as `text`.
 *
 * The schema engine reads the catalog (pg_class.relkind, pg_constraint.contype, …), whose flags
 * are `"char"`; @prisma/adapter-pg 7.10.1 has no column type for oid 18 and fails every schema read
 * with "Column type 'char' could not be deserialized". pg already hands the values over as
 * strings, so renaming the type is all it takes. Used through `new pg.Pool({ Client })`, this
 * covers both pool queries (which pass a callback) and transaction clients (which use the promise).
 */
export class CharAsTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const run = pg.Client.prototype.query as (...a: unknown[]) => unknown;
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const done = args[last] as QueryCallback;
      args[last] = (error: Error | null, result: unknown) =>
        done(error, error ? result : retypeCharColumns(result));
      return run.apply(this, args) as never;
    }
    const pending = run.apply(this, args);
    return (pending instanceof Promise ? pending.then(retypeCharColumns) : pending) as never;
  }
}

function retypeCharColumns(result: unknown): unknown {
  // A script with several statements yields one result per statement.
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as Partial<pg.QueryResult>)?.fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}
