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
