import type { Assignment } from '@edgeplane/contracts';
import { signedAssignment, testSigningKey } from '../testing/signing-keys';
import { ArtifactSignatureError } from './artifact-signature.error';
import { SignatureVerifier } from './signature-verifier';

const KEY_1 = testSigningKey('key-1');
const KEY_2 = testSigningKey('key-2');
const STRANGER = testSigningKey('key-1'); // same id, another key: what a forger would try

const assignment = (variantId: string, overrides: Partial<Assignment> = {}): Assignment => ({
  deploymentId: null,
  model: 'text-direction',
  modelVersion: 3,
  variantId,
  hardwareProfile: 'cpu',
  artifact: { url: `/api/v1/variants/${variantId}/artifact`, sha256: 'a'.repeat(64), sizeBytes: 1000 },
  samples: { url: `/api/v1/variants/${variantId}/samples`, sha256: 'b'.repeat(64), sizeBytes: 100 },
  runtime: { executionProviders: ['cpu'], intraOpThreads: 0 },
  ...overrides,
});
const VARIANT = '019a0000-0000-7000-8000-0000000000a1';
const OTHER = '019a0000-0000-7000-8000-0000000000b2';

function refusal(sut: SignatureVerifier, subject: Assignment): { refusal: string; message: string } {
  try {
    sut.check(subject);
  } catch (error) {
    if (error instanceof ArtifactSignatureError) return { refusal: error.refusal, message: error.message };
    throw error;
  }
  throw new Error('expected the assignment to be refused');
}

describe('SignatureVerifier', () => {
  const sut = new SignatureVerifier(new Map([[KEY_1.keyId, KEY_1.publicKey], [KEY_2.keyId, KEY_2.publicKey]]));

  it('accepts an assignment signed for itself by any trusted key', () => {
    expect(() => sut.check(signedAssignment(assignment(VARIANT), KEY_1))).not.toThrow();
    expect(() => sut.check(signedAssignment(assignment(VARIANT), KEY_2))).not.toThrow();
    expect(() => sut.check(signedAssignment(assignment(VARIANT, { samples: null }), KEY_1))).not.toThrow();
  });

  it('refuses an unsigned assignment', () => {
    expect(refusal(sut, assignment(VARIANT))).toEqual({ refusal: 'unsigned', message: expect.stringMatching(/^signature refused \(unsigned\): variant .* carries no signature/) });
  });

  it('refuses a key it does not trust, naming the key', () => {
    const signed = signedAssignment(assignment(VARIANT), testSigningKey('key-9'));
    expect(refusal(sut, signed)).toEqual({ refusal: 'untrusted_key', message: expect.stringContaining('key "key-9", which is not among this agent\'s trusted keys (key-1, key-2)') });
  });

  it('refuses a signature that does not verify: another key under a trusted id, or altered claims', () => {
    expect(refusal(sut, signedAssignment(assignment(VARIANT), STRANGER)).refusal).toBe('bad_signature');
    const genuine = signedAssignment(assignment(VARIANT), KEY_1);
    const altered = { ...genuine, artifact: { ...genuine.artifact, sha256: 'c'.repeat(64) }, signature: { ...genuine.signature!, claims: { ...genuine.signature!.claims, artifactSha256: 'c'.repeat(64) } } };
    expect(refusal(sut, altered).refusal).toBe('bad_signature');
  });

  it('refuses a genuine signature replayed from another variant', () => {
    const replayed = signedAssignment(assignment(VARIANT), KEY_1, assignment(OTHER));
    expect(refusal(sut, replayed)).toEqual({ refusal: 'other_variant', message: expect.stringContaining(`made for variant ${OTHER} (text-direction v3, cpu), not for the assigned ${VARIANT}`) });
    // Same files, same id, another version or profile: also another variant's signature.
    expect(refusal(sut, signedAssignment(assignment(VARIANT), KEY_1, assignment(VARIANT, { modelVersion: 2 }))).refusal).toBe('other_variant');
    expect(refusal(sut, signedAssignment(assignment(VARIANT), KEY_1, assignment(VARIANT, { hardwareProfile: 'gpu' }))).refusal).toBe('other_variant');
  });

  it('refuses a genuine signature when the assignment names other bytes (model file or samples)', () => {
    const swappedModel = signedAssignment(assignment(VARIANT, { artifact: { url: '/x', sha256: 'd'.repeat(64), sizeBytes: 1 } }), KEY_1, assignment(VARIANT));
    expect(refusal(sut, swappedModel)).toEqual({ refusal: 'other_bytes', message: expect.stringContaining(`covers model file ${'a'.repeat(64)}`) });
    const droppedSamples = signedAssignment(assignment(VARIANT, { samples: null }), KEY_1, assignment(VARIANT));
    expect(refusal(sut, droppedSamples).refusal).toBe('other_bytes');
  });

  it('checks nothing only when built without keys (the explicit development escape hatch)', () => {
    expect(new SignatureVerifier(null).enforcing).toBe(false);
    expect(() => new SignatureVerifier(null).check(assignment(VARIANT))).not.toThrow();
    expect(sut.enforcing).toBe(true);
  });
});
