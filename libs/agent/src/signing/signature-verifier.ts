import { verify } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { type Assignment, claimsOf, type SignedVariantClaims, variantSigningPayload } from '@edgeplane/contracts';
import { ArtifactSignatureError } from './artifact-signature.error';
import type { TrustedKeys } from './trusted-keys';

/**
 * Decides whether the controller vouches for an assignment's files: its signature must be by a
 * trusted key, verify over its claims, and those claims must be exactly the assignment's own (variant
 * id, model, version, profile, model and samples digests). The agent checks before it downloads, and
 * the downloader accepts only bytes with the assignment's digests, so a file is loaded only if it is
 * the one the controller signed for this very variant.
 */
export class SignatureVerifier {
  /** `keys` null: the explicit development escape hatch (EDGEPLANE_AGENT_ALLOW_UNSIGNED), nothing is checked. */
  constructor(private readonly keys: TrustedKeys | null) {}

  /** Whether signatures are checked at all. */
  get enforcing(): boolean {
    return this.keys !== null;
  }

  /** Throws an ArtifactSignatureError saying why, unless the assignment is signed for exactly itself by a trusted key. */
  check(assignment: Assignment): void {
    if (!this.keys) return;
    const { signature } = assignment;
    if (!signature) throw new ArtifactSignatureError('unsigned', `variant ${assignment.variantId} carries no signature; this agent loads only signed variants`);
    const key = this.keys.get(signature.keyId);
    if (!key) {
      throw new ArtifactSignatureError(
        'untrusted_key',
        `variant ${assignment.variantId} is signed with key "${signature.keyId}", which is not among this agent's trusted keys (${[...this.keys.keys()].join(', ')})`,
      );
    }
    if (!verify(null, variantSigningPayload(signature.claims), key, Buffer.from(signature.value, 'base64'))) {
      throw new ArtifactSignatureError('bad_signature', `the signature of variant ${assignment.variantId} does not verify with key "${signature.keyId}" over what it claims (forged or altered)`);
    }
    const own = claimsOf(assignment);
    if (isDeepStrictEqual(signature.claims, own)) return;
    const signed = signature.claims;
    if (signed.variantId !== own.variantId || signed.model !== own.model || signed.modelVersion !== own.modelVersion || signed.hardwareProfile !== own.hardwareProfile) {
      throw new ArtifactSignatureError('other_variant', `the signature was made for variant ${describe(signed)}, not for the assigned ${describe(own)} (replayed)`);
    }
    throw new ArtifactSignatureError(
      'other_bytes',
      `the signature of variant ${own.variantId} covers model file ${signed.artifactSha256} and samples ${signed.samplesSha256 ?? 'none'}, ` +
        `but the assignment names ${own.artifactSha256} and ${own.samplesSha256 ?? 'none'}`,
    );
  }
}

function describe(claims: SignedVariantClaims): string {
  return `${claims.variantId} (${claims.model} v${claims.modelVersion}, ${claims.hardwareProfile})`;
}
