import { Prisma } from '../generated/prisma/client';
import { isUniqueViolation } from './prisma-errors';

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
