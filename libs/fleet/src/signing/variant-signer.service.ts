import { sign, verify } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { type Assignment, claimsOf, type SignedVariantClaims, type VariantSignature, variantSigningPayload } from '@edgeplane/contracts';
import { VariantSignatureRepository } from '@edgeplane/persistence';
import { SigningKeyring } from './signing-keyring';

/**
 * Signs variants for the devices. A variant is signed the first time it is assigned (a device's PUT or
 * a deployment), by the controller: only the controller holds the private keys, the compiler that
 * accepts variants never does. The signature is stored (`variant_signatures`) and handed out again, so
 * a variant keeps the signature of the key that was active when it was first assigned until that key
 * is retired; then it is signed anew with the active key on its next assignment.
 *
 * What is signed is exactly what the assignment claims (libs/contracts `claimsOf`): the signature
 * vouches for the controller's own record of the variant, and protects the path from there to the
 * device (artifact files, broker, network, proxies), not a controller whose database is compromised.
 */
@Injectable()
export class VariantSigner {
  constructor(
    private readonly keyring: SigningKeyring,
    private readonly signatures: VariantSignatureRepository,
  ) {}

  /** The assignment with its signature: a stored one by a key still held that verifies, else a new one by the active key. */
  async sign(assignment: Assignment): Promise<Assignment> {
    return { ...assignment, signature: await this.signatureFor(claimsOf(assignment)) };
  }

  /**
   * An assignment written earlier (the `previous` a rollback puts back) as the controller vouches
   * for it now: unchanged while its signature is by a key still held, else signed anew, so a rollback
   * after a key's retirement (or to a state written before signing existed) is not refused by agents.
   */
  async refresh(assignment: Assignment): Promise<Assignment> {
    return this.stillVouchedFor(assignment) ? assignment : this.sign(assignment);
  }

  private async signatureFor(claims: SignedVariantClaims): Promise<VariantSignature> {
    const payload = variantSigningPayload(claims);
    const stored = await this.signatures.forVariant(claims.variantId);
    const valid = stored.filter((row) => this.verifies(row.keyId, payload, row.signature));
    const chosen = valid.find((row) => row.keyId === this.keyring.active.keyId) ?? valid[0];
    if (chosen) return { keyId: chosen.keyId, claims, value: chosen.signature };
    const { keyId, privateKey } = this.keyring.active;
    const value = sign(null, payload, privateKey).toString('base64');
    // A stored signature by the active key that no longer verifies was made over other claims (the
    // variant's record changed): the new one replaces it.
    if (stored.some((row) => row.keyId === keyId)) await this.signatures.replace(claims.variantId, keyId, value);
    else await this.signatures.save(claims.variantId, keyId, value);
    return { keyId, claims, value };
  }

  private stillVouchedFor({ signature, ...assignment }: Assignment): boolean {
    if (!signature || !isDeepStrictEqual(signature.claims, claimsOf(assignment))) return false;
    return this.verifies(signature.keyId, variantSigningPayload(signature.claims), signature.value);
  }

  private verifies(keyId: string, payload: Buffer, signature: string): boolean {
    const key = this.keyring.get(keyId);
    return key !== undefined && verify(null, payload, key.publicKey, Buffer.from(signature, 'base64'));
  }
}
