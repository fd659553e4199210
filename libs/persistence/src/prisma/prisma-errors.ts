import { Prisma } from '../generated/prisma/client';

/** What Prisma says about a violated constraint: through a driver adapter, and through a native engine. */
interface ConstraintMeta {
  driverAdapterError?: { cause?: { constraint?: { index?: string; fields?: string[] } } };
  target?: string[] | string;
}

/**
 * True when a write failed on a unique constraint, optionally the one on `field` (found by Prisma's
 * index naming, `<table>_<field>_key`, or by the fields a native engine lists).
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') {
    return false;
  }
  if (field === undefined) return true;
  const meta = (error.meta ?? {}) as ConstraintMeta;
  const constraint = meta.driverAdapterError?.cause?.constraint;
  const fields = constraint?.fields ?? (typeof meta.target === 'string' ? [meta.target] : meta.target ?? []);
  return fields.includes(field) || (constraint?.index?.endsWith(`_${field}_key`) ?? false);
}

/** True when a write failed because a row it references, or that references it, stands in the way. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}

/** Prisma's codes for a connection that could not be made or was lost, or a transaction that may succeed if tried again. */
const TRANSIENT_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);
/** What the pg driver adapter calls the same conditions (`driverAdapterError.cause.kind`). */
const TRANSIENT_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionWriteConflict']);
/**
 * PostgreSQL's SQLSTATEs worth trying again: serialization failure and deadlock (40001, 40P01), too
 * many connections (53300), the server shutting down or starting (57P01–57P03); class 08 is any
 * connection failure.
 */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '53300', '57P01', '57P02', '57P03']);

interface AdapterCause {
  kind?: string;
  code?: string;
  originalCode?: string;
  message?: string;
}

/**
 * True when an operation failed for a reason that passes — PostgreSQL restarting or unreachable, a
 * dropped connection, a deadlock — so the same operation may succeed later; false for errors in what
 * was asked (constraints, bad values), which fail the same way every time.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (TRANSIENT_PRISMA_CODES.has(error.code)) return true;
    const cause = ((error.meta ?? {}) as { driverAdapterError?: { cause?: AdapterCause } }).driverAdapterError?.cause;
    if (!cause) return false;
    if (cause.kind && TRANSIENT_ADAPTER_KINDS.has(cause.kind)) return true;
    const sqlState = cause.originalCode ?? cause.code ?? '';
    return TRANSIENT_SQLSTATES.has(sqlState) || sqlState.startsWith('08') || lostConnection(cause.message);
  }
  // The pg driver's own words when a socket closes under a query, surfacing untranslated.
  return error instanceof Error && lostConnection(error.message);
}

function lostConnection(message: string | undefined): boolean {
  return /Connection terminated|ECONNRESET|ECONNREFUSED|server closed the connection|Client has encountered a connection error/i.test(message ?? '');
}
