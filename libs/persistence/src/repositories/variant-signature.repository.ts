import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

/** A stored signature of a variant by one key. */
export interface VariantSignatureRow {
  variantId: string;
  keyId: string;
  /** Base64 ed25519 signature. */
  signature: string;
  createdAt: Date;
}

@Injectable()
export class VariantSignatureRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The variant's signatures, oldest first. */
  forVariant(variantId: string): Promise<VariantSignatureRow[]> {
    return this.prisma.variantSignature.findMany({ where: { variantId }, orderBy: { createdAt: 'asc' } });
  }

  /**
   * Stores a signature unless the variant already has one by that key. Ed25519 signatures are
   * deterministic, so two replicas signing the same variant with the same key at once store the same bytes.
   */
  async save(variantId: string, keyId: string, signature: string): Promise<void> {
    await this.prisma.variantSignature.createMany({ data: [{ variantId, keyId, signature }], skipDuplicates: true });
  }

  /** Replaces the variant's signature by `keyId` (one that no longer verified over the variant's claims). */
  async replace(variantId: string, keyId: string, signature: string): Promise<void> {
    await this.prisma.variantSignature.upsert({
      where: { variantId_keyId: { variantId, keyId } },
      create: { variantId, keyId, signature },
      update: { signature, createdAt: new Date() },
    });
  }
}
