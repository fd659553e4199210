import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

/** A device's active credential whose password the broker does not have yet. */
export interface PendingBrokerPassword {
  credentialId: string;
  deviceId: string;
  /** The secret, sealed by the controller (libs/registry/src/broker-access/broker-password-seal.ts). */
  sealed: Uint8Array;
}

/** What the broker sync reads and writes while it holds the lock (one transaction). */
export interface BrokerClientSyncView {
  /** Active credentials with a password still to deliver: of `deviceIds`, or of any device. */
  pendingPasswords(deviceIds: string[] | 'all', limit: number): Promise<PendingBrokerPassword[]>;
  /** Forgets the sealed passwords of credentials the broker now has. */
  markDelivered(credentialIds: string[]): Promise<void>;
  /** Those of `deviceIds` that are registered and not decommissioned. */
  activeAmong(deviceIds: string[]): Promise<string[]>;
  /** Every registered device that is not decommissioned, by id. */
  allActiveDeviceIds(): Promise<string[]>;
}

/**
 * Persistence side of keeping the broker's device clients equal to the registry. Every change to the
 * broker's clients happens inside `exclusively`, which holds one PostgreSQL advisory lock for the
 * installation and reads what to send under it: replicas take turns, so two racing re-issues cannot
 * leave the older secret on the broker, and a password delivery cannot re-create the client of a
 * device another replica has just decommissioned.
 */
@Injectable()
export class BrokerClientSyncRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Runs `work` holding the installation's broker-clients lock, in one transaction of at most `timeoutMs`. */
  exclusively<T>(work: (view: BrokerClientSyncView) => Promise<T>, timeoutMs?: number): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('broker-clients', 0))`;
        return work(syncView(tx));
      },
      timeoutMs === undefined ? undefined : { timeout: timeoutMs },
    );
  }
}

function syncView(tx: Prisma.TransactionClient): BrokerClientSyncView {
  return {
    async pendingPasswords(deviceIds, limit) {
      const rows = await tx.deviceCredential.findMany({
        where: {
          revokedAt: null,
          brokerPasswordSealed: { not: null },
          device: { status: { not: 'decommissioned' } },
          ...(deviceIds === 'all' ? {} : { deviceId: { in: deviceIds } }),
        },
        orderBy: { id: 'asc' },
        take: limit,
        select: { id: true, deviceId: true, brokerPasswordSealed: true },
      });
      return rows.map((row) => ({ credentialId: row.id, deviceId: row.deviceId, sealed: row.brokerPasswordSealed! }));
    },
    async markDelivered(credentialIds) {
      await tx.deviceCredential.updateMany({ where: { id: { in: credentialIds } }, data: { brokerPasswordSealed: null } });
    },
    async activeAmong(deviceIds) {
      const rows = await tx.device.findMany({ where: { id: { in: deviceIds }, status: { not: 'decommissioned' } }, select: { id: true } });
      return rows.map((row) => row.id);
    },
    async allActiveDeviceIds() {
      const rows = await tx.device.findMany({ where: { status: { not: 'decommissioned' } }, select: { id: true }, orderBy: { id: 'asc' } });
      return rows.map((row) => row.id);
    },
  };
}
