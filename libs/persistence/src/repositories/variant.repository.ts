import { Injectable } from '@nestjs/common';
import { Prisma, VariantStatus } from '../generated/prisma/client';
import { isUniqueViolation } from '../prisma/prisma-errors';
import { PrismaService } from '../prisma/prisma.service';

const withVersion = { modelVersion: { select: { version: true, sha256: true, model: { select: { name: true } } } } } satisfies Prisma.ModelVariantInclude;
export type VariantRow = Prisma.ModelVariantGetPayload<{ include: typeof withVersion }>;

export interface NewVariant {
  modelVersionId: string;
  hardwareProfile: string;
  /** HardwareProfileSpec snapshot (JSON). */
  profile: object;
  /** CompileOptions (JSON). */
  options: object;
  optionsKey: string;
  createdById: string | null;
}

/** Results written when a compile ends. */
export interface VariantOutcome {
  status: Extract<VariantStatus, 'accepted' | 'rejected' | 'failed'>;
  reason?: string;
  sha256?: string;
  sizeBytes?: number;
  /** Self-test samples of an accepted variant (.npz) in the artifact store. */
  samplesSha256?: string;
  samplesBytes?: number;
  /** VerificationFigures (JSON). */
  figures?: object;
  /** What the pass did (JSON). */
  passReport?: object;
}

// A compile can be retried, re-requested or cancelled while it runs; these are the states it may leave.
const LIVE: VariantStatus[] = ['queued', 'compiling'];

@Injectable()
export class VariantRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The variant for these inputs, created if there is none; `created` says which. */
  async findOrCreate(data: NewVariant): Promise<{ variant: VariantRow; created: boolean }> {
    const key = { modelVersionId: data.modelVersionId, hardwareProfile: data.hardwareProfile, optionsKey: data.optionsKey };
    const existing = await this.prisma.modelVariant.findUnique({
      where: { modelVersionId_hardwareProfile_optionsKey: key },
      include: withVersion,
    });
    if (existing) return { variant: existing, created: false };
    try {
      const variant = await this.prisma.modelVariant.create({
        data: { ...data, profile: data.profile as Prisma.InputJsonObject, options: data.options as Prisma.InputJsonObject },
        include: withVersion,
      });
      return { variant, created: true };
    } catch (error) {
      // The same request arrived twice at once: the other one created it.
      if (!isUniqueViolation(error)) throw error;
      const twin = await this.prisma.modelVariant.findUniqueOrThrow({
        where: { modelVersionId_hardwareProfile_optionsKey: key },
        include: withVersion,
      });
      return { variant: twin, created: false };
    }
  }

  findById(id: string): Promise<VariantRow | null> {
    return this.prisma.modelVariant.findUnique({ where: { id }, include: withVersion });
  }

  listForVersion(modelVersionId: string): Promise<VariantRow[]> {
    return this.prisma.modelVariant.findMany({
      where: { modelVersionId },
      orderBy: [{ hardwareProfile: 'asc' }, { createdAt: 'asc' }],
      include: withVersion,
    });
  }

  /** Variants waiting for a compiler, oldest first (to check that each still has its job in the queue). */
  listQueued(): Promise<VariantRow[]> {
    return this.prisma.modelVariant.findMany({ where: { status: 'queued' }, orderBy: { createdAt: 'asc' }, include: withVersion });
  }

  /** Puts a failed or cancelled variant back in the queue; false if it was not in such a state. */
  async requeue(id: string): Promise<boolean> {
    const { count } = await this.prisma.modelVariant.updateMany({
      where: { id, status: { in: ['failed', 'cancelled'] } },
      data: { status: 'queued', stage: null, reason: null, startedAt: null, finishedAt: null },
    });
    return count === 1;
  }

  /** Marks the start of an attempt; false when the variant was cancelled or finished meanwhile. */
  async startAttempt(id: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.modelVariant.updateMany({
      where: { id, status: { in: LIVE } },
      data: { status: 'compiling', attempts: { increment: 1 }, startedAt: at, stage: null },
    });
    return count === 1;
  }

  /** Records the current stage; false when the variant was cancelled (the compile should stop). */
  async setStage(id: string, stage: string): Promise<boolean> {
    const { count } = await this.prisma.modelVariant.updateMany({ where: { id, status: 'compiling' }, data: { stage } });
    return count === 1;
  }

  /** Writes the outcome unless the variant was cancelled meanwhile; false in that case. */
  async finish(id: string, outcome: VariantOutcome, at: Date): Promise<boolean> {
    const { count } = await this.prisma.modelVariant.updateMany({
      where: { id, status: { in: LIVE } },
      data: {
        status: outcome.status,
        reason: outcome.reason ?? null,
        sha256: outcome.sha256 ?? null,
        sizeBytes: outcome.sizeBytes === undefined ? null : BigInt(outcome.sizeBytes),
        samplesSha256: outcome.samplesSha256 ?? null,
        samplesBytes: outcome.samplesBytes === undefined ? null : BigInt(outcome.samplesBytes),
        figures: (outcome.figures as Prisma.InputJsonObject | undefined) ?? Prisma.DbNull,
        passReport: (outcome.passReport as Prisma.InputJsonObject | undefined) ?? Prisma.DbNull,
        stage: null,
        finishedAt: at,
      },
    });
    return count === 1;
  }

  /** Cancels a variant that has not finished; false if it had. */
  async cancel(id: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.modelVariant.updateMany({
      where: { id, status: { in: LIVE } },
      data: { status: 'cancelled', reason: 'cancelled by an operator', stage: null, finishedAt: at },
    });
    return count === 1;
  }
}
