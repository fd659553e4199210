import { Prisma } from '../generated/prisma/client';
import { isTransientDatabaseError, isUniqueViolation } from './prisma-errors';

const violation = (meta: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('unique', { code: 'P2002', clientVersion: '7', meta });

describe('isUniqueViolation', () => {
  it('finds the field in the index name a driver adapter reports', () => {
    const sut = violation({
      modelName: 'Device',
      driverAdapterError: { cause: { constraint: { index: 'devices_name_key' } } },
    });

    expect(isUniqueViolation(sut, 'name')).toBe(true);
    expect(isUniqueViolation(sut, 'secret_hash')).toBe(false);
  });

  it('finds the field in the target a native engine reports', () => {
    expect(isUniqueViolation(violation({ target: ['name'] }), 'name')).toBe(true);
  });

  it('is false for other errors', () => {
    const other = new Prisma.PrismaClientKnownRequestError('fk', { code: 'P2003', clientVersion: '7' });

    expect(isUniqueViolation(other)).toBe(false);
    expect(isUniqueViolation(new Error('x'))).toBe(false);
  });
});

describe('isTransientDatabaseError', () => {
  const known = (code: string, cause?: Record<string, unknown>) =>
    new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: '7', meta: cause ? { driverAdapterError: { name: 'DriverAdapterError', cause } } : undefined });

  it('is true for a database that cannot be reached or went away (what the pg adapter reports)', () => {
    expect(isTransientDatabaseError(known('P2010', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5999 }))).toBe(true);
    expect(isTransientDatabaseError(known('P1001'))).toBe(true);
    expect(isTransientDatabaseError(known('P2010', { kind: 'postgres', code: '57P01', originalCode: '57P01', message: 'terminating connection due to administrator command' }))).toBe(true);
    expect(isTransientDatabaseError(known('P2010', { kind: 'postgres', code: '08006' }))).toBe(true);
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('is true for a deadlock, which the same batch survives when written again', () => {
    expect(isTransientDatabaseError(known('P2010', { kind: 'postgres', code: '40P01' }))).toBe(true);
  });

  it('is false for errors in what was asked', () => {
    expect(isTransientDatabaseError(known('P2002'))).toBe(false);
    expect(isTransientDatabaseError(known('P2010', { kind: 'postgres', code: '22P02', message: 'invalid input syntax for type uuid' }))).toBe(false);
    expect(isTransientDatabaseError(known('P2010', { kind: 'postgres', code: '21000', message: 'ON CONFLICT DO UPDATE command cannot affect row a second time' }))).toBe(false);
    expect(isTransientDatabaseError(new Error('latency sketch of a different relative accuracy'))).toBe(false);
  });
});
