import { compatibleStepReason } from './compatible-steps';
import { converterFor } from './conversion-steps';
import { MAX_TARGET_OPSET, MIN_SOURCE_OPSET, OPERATOR_VERSIONS } from './operator-history';

// Every schema change an upgrade can cross must have been looked at: either it needs nothing
// (compatible-steps.ts, with the reason) or it has a converter. A step in neither list would be
// refused at run time; one in both would be ambiguous.
const STEPS = Object.entries(OPERATOR_VERSIONS).flatMap(([opType, versions]) =>
  versions
    .filter((version, index) => index > 0 && version > MIN_SOURCE_OPSET && version <= MAX_TARGET_OPSET)
    .map((version) => [opType, version] as const),
);

describe('schema steps between the oldest source opset and the newest target', () => {
  const sut = { converterFor, compatibleStepReason };

  it('are many enough that this check means something', () => {
    expect(STEPS.length).toBeGreaterThan(150);
  });

  it.each(STEPS)('%s-%i is classified exactly once', (opType, version) => {
    const hasConverter = sut.converterFor(opType, version) !== undefined;
    const isCompatible = sut.compatibleStepReason(opType, version) !== undefined;

    expect([hasConverter, isCompatible]).toContainEqual(true);
    expect(hasConverter && isCompatible).toBe(false);
  });

  it('lists no step that the operator history does not have', () => {
    const known = new Set(STEPS.map(([opType, version]) => `${opType}-${version}`));
    const versions = [8, 9, 10, 11, 12, 13];
    const listed = Object.keys(OPERATOR_VERSIONS).flatMap((opType) =>
      versions
        .filter((version) => sut.converterFor(opType, version) || sut.compatibleStepReason(opType, version))
        .map((version) => `${opType}-${version}`),
    );

    expect(listed.filter((step) => !known.has(step))).toEqual([]);
  });
});
