import { type Static, Type as T } from '@sinclair/typebox';
import { ResourceName, Sha256, Uuid } from './schema-primitives';

/** Names of signing keys: what a key's PEM file is called (`<keyId>.pem`) and how agents' trust files name it. */
export const SIGNING_KEY_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export const SigningKeyId = T.String({ pattern: SIGNING_KEY_ID_PATTERN.source, description: 'Signing key id: lowercase letters, digits, ".", "_", "-".' });

/**
 * What the controller vouches for when it signs a variant: exactly which bytes (model file and
 * self-test samples) are that variant of that model version for that hardware profile. Runtime
 * settings and the deployment are not covered: they say how and why to run the bytes, not which.
 */
export const SignedVariantClaims = T.Object(
  {
    /** The variant the signature was made for. */
    variantId: Uuid,
    /** Model name. */
    model: ResourceName,
    /** Model version number. */
    modelVersion: T.Integer({ minimum: 1 }),
    /** The hardware profile the variant was built for. */
    hardwareProfile: ResourceName,
    /** SHA-256 of the variant's ONNX file. */
    artifactSha256: Sha256,
    /** SHA-256 of its self-test samples (.npz), or null when it has none. */
    samplesSha256: T.Union([Sha256, T.Null()]),
  },
  { additionalProperties: false },
);
export type SignedVariantClaims = Static<typeof SignedVariantClaims>;

/**
 * The controller's ed25519 signature of a variant. The claims travel with it, so an agent can tell a
 * forged signature (does not verify over the claims) from a genuine one made for something else (the
 * claims differ from the assignment: replayed from another variant, or other bytes).
 */
export const VariantSignature = T.Object(
  {
    /** Which of the controller's keys signed; the agent looks it up in its trusted keys. */
    keyId: SigningKeyId,
    /** What was signed. */
    claims: SignedVariantClaims,
    /** Ed25519 signature (64 bytes, standard base64) over `variantSigningPayload(claims)`. */
    value: T.String({ pattern: '^[A-Za-z0-9+/]{86}==$', description: 'Base64 of a 64-byte ed25519 signature.' }),
  },
  { additionalProperties: false },
);
export type VariantSignature = Static<typeof VariantSignature>;

/** Domain separation: these bytes can never be mistaken for another message signed with the same key. */
export const VARIANT_SIGNING_DOMAIN = 'edgeplane/variant-signature/v1';

/**
 * The exact bytes signed: the domain, then each claim in a fixed order as a 4-byte big-endian length
 * and its UTF-8 bytes (absent samples: a zero-length field). Length prefixes make the encoding
 * unambiguous without escaping; a new claim means a new domain version, never a reordering.
 */
export function variantSigningPayload(claims: SignedVariantClaims): Buffer {
  const fields = [
    VARIANT_SIGNING_DOMAIN,
    claims.variantId,
    claims.model,
    String(claims.modelVersion),
    claims.hardwareProfile,
    claims.artifactSha256,
    claims.samplesSha256 ?? '',
  ];
  return Buffer.concat(
    fields.flatMap((field) => {
      const bytes = Buffer.from(field, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}

/** The claims an assignment makes about its variant: what a valid signature for it must have signed. */
export function claimsOf(assignment: {
  variantId: string;
  model: string;
  modelVersion: number;
  hardwareProfile: string;
  artifact: { sha256: string };
  samples: { sha256: string } | null;
}): SignedVariantClaims {
  return {
    variantId: assignment.variantId,
    model: assignment.model,
    modelVersion: assignment.modelVersion,
    hardwareProfile: assignment.hardwareProfile,
    artifactSha256: assignment.artifact.sha256,
    samplesSha256: assignment.samples?.sha256 ?? null,
  };
}
