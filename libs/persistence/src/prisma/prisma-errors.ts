import { Prisma } from '../generated/prisma/client';

/** True when a write failed on a unique constraint, optionally one covering `field`. */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') {
    return false;
  }
  return field === undefined || JSON.stringify(error.meta ?? {}).includes(field);
}

/** True when a write failed because a row it references, or that references it, stands in the way. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}
