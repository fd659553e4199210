import { VARIANT_SIGNING_DOMAIN, variantSigningPayload, type SignedVariantClaims } from './variant-signature';

const CLAIMS: SignedVariantClaims = {
  variantId: '019a0000-0000-7000-8000-0000000000a1',
  model: 'text-direction',
  modelVersion: 3,
  hardwareProfile: 'cpu',
  artifactSha256: 'a'.repeat(64),
  samplesSha256: 'b'.repeat(64),
};

/** Splits a payload back into its length-prefixed fields. */
function fields(payload: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at < payload.length; ) {
    const length = payload.readUInt32BE(at);
    out.push(payload.subarray(at + 4, at + 4 + length).toString('utf8'));
    at += 4 + length;
  }
  return out;
}

describe('variantSigningPayload', () => {
  it('is the domain then every claim, each length-prefixed, in a fixed order', () => {
    expect(fields(variantSigningPayload(CLAIMS))).toEqual([VARIANT_SIGNING_DOMAIN, CLAIMS.variantId, 'text-direction', '3', 'cpu', 'a'.repeat(64), 'b'.repeat(64)]);
    expect(fields(variantSigningPayload({ ...CLAIMS, samplesSha256: null })).at(-1)).toBe('');
  });

  it('does not depend on the order of the object\'s keys', () => {
    const reordered = Object.fromEntries(Object.entries(CLAIMS).reverse()) as SignedVariantClaims;
    expect(variantSigningPayload(reordered).equals(variantSigningPayload(CLAIMS))).toBe(true);
  });

  it('changes with every claim, and cannot be shifted from one field into the next', () => {
    const base = variantSigningPayload(CLAIMS);
    const variations: SignedVariantClaims[] = [
      { ...CLAIMS, variantId: '019a0000-0000-7000-8000-0000000000b2' },
      { ...CLAIMS, model: 'text-direction2' },
      { ...CLAIMS, modelVersion: 4 },
      { ...CLAIMS, hardwareProfile: 'gpu' },
      { ...CLAIMS, artifactSha256: 'c'.repeat(64) },
      { ...CLAIMS, samplesSha256: null },
      // Moving characters across a field boundary keeps the concatenation, not the payload.
      { ...CLAIMS, model: 'text-directio', hardwareProfile: 'ncpu' },
    ];
    for (const claims of variations) expect(variantSigningPayload(claims).equals(base)).toBe(false);
  });
});
