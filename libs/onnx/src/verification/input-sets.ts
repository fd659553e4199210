import type { ModelMetadata, TensorInfo } from '@edgeplane/contracts';
import { float32ToFloat16Bits } from '../float16/float16-arrays';
import { VerificationError } from './verification.errors';

/** The typed array ORT takes for each element type (float16 as its bits: Node 20 has no Float16Array). */
interface FeedDataByType {
  float32: Float32Array;
  float16: Uint16Array;
  float64: Float64Array;
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  bool: Uint8Array;
}

/** Element types an input set can carry; the names ORT and `ModelMetadata` use. */
export type FeedType = keyof FeedDataByType;

/** One tensor to feed: element type, data in row-major order, and dims. */
export type FeedTensor = {
  [T in FeedType]: { type: T; data: FeedDataByType[T]; dims: number[] };
}[FeedType];

/** Inputs to run a model on: one entry per inference, each feeding every graph input by name. */
export type InputSet = { feeds: Record<string, FeedTensor> }[];

export interface SyntheticInputOptions {
  /** Inferences to generate. */
  count: number;
  /** Seed of the generator: the same seed and metadata give the same inputs, byte for byte. */
  seed: number;
  /** Sizes for symbolic dims, by dim name (e.g. `{ width: 192 }`); used exactly as given. */
  dimHints?: Record<string, number>;
}

/** Size of a symbolic first dim of a tensor of rank ≥ 2: one sample per inference. */
export const DEFAULT_BATCH_SIZE = 1;

/**
 * Size of any other symbolic or unknown dim without a hint: spatial dims, sequence lengths. A
 * multiple of 32, so an image passes the five stride-2 stages of a typical CNN backbone (64 → 2),
 * and small, so verification stays fast. Models with fixed expectations (e.g. text lines 48 high)
 * declare those dims or take hints.
 */
export const DEFAULT_DIM = 64;

/**
 * Inputs generated from the declared input shapes, for models without a calibration set. Floats
 * are uniform in [-1, 1], the range of normalised image pixels ((p / 255 - 0.5) / 0.5, as PaddleOCR
 * feeds) and the order of normalised features. uint8 and int8 span their full range (raw pixels).
 * Other integers are 1: valid as a token id, a mask value and an index into any non-empty axis,
 * where a random value could fall outside a vocabulary we cannot see. Booleans are true.
 * Random inputs are weak evidence, for detection models above all: prefer a calibration set.
 */
export function syntheticInputs(metadata: ModelMetadata, options: SyntheticInputOptions): InputSet {
  const random = mulberry32(options.seed);
  const resolved = metadata.inputs.map((input) => ({
    name: input.name,
    type: feedType(input),
    dims: resolveDims(input, options.dimHints ?? {}),
  }));
  return Array.from({ length: options.count }, () => ({
    feeds: Object.fromEntries(
      resolved.map(({ name, type, dims }) => [name, syntheticTensor(type, dims, random)]),
    ),
  }));
}

/** Dims to feed: fixed dims as declared; symbolic ones from hints, else the defaults above. */
export function resolveDims(input: TensorInfo, dimHints: Record<string, number>): number[] {
  if (input.shape === null) {
    throw new VerificationError(
      'unsupported_input',
      `input ${input.name}: the model does not declare its rank, so inputs cannot be generated; ` +
        'verify this model with a calibration set',
      { input: input.name },
    );
  }
  const rank = input.shape.length;
  return input.shape.map((dim, axis) => {
    if (typeof dim === 'number') return dim;
    const hint = dim === null ? undefined : dimHints[dim];
    if (hint !== undefined) return hint;
    return axis === 0 && rank >= 2 ? DEFAULT_BATCH_SIZE : DEFAULT_DIM;
  });
}

function feedType(input: TensorInfo): FeedType {
  if (Object.hasOwn(FILLERS, input.elementType)) return input.elementType as FeedType;
  throw new VerificationError(
    'unsupported_input',
    `input ${input.name}: cannot generate ${input.elementType} values; ` +
      'verify this model with a calibration set',
    { input: input.name, elementType: input.elementType },
  );
}

type Random = () => number;
type Filler = (length: number, random: Random) => FeedDataByType[FeedType];

const unitRange = (length: number, random: Random) => Float64Array.from({ length }, () => 2 * random() - 1);

const FILLERS: Record<FeedType, Filler> = {
  float32: (length, random) => Float32Array.from(unitRange(length, random)),
  float16: (length, random) => float32ToFloat16Bits(unitRange(length, random)),
  float64: unitRange,
  uint8: (length, random) => Uint8Array.from({ length }, () => Math.floor(random() * 256)),
  int8: (length, random) => Int8Array.from({ length }, () => Math.floor(random() * 256) - 128),
  int16: (length) => new Int16Array(length).fill(1),
  uint16: (length) => new Uint16Array(length).fill(1),
  int32: (length) => new Int32Array(length).fill(1),
  uint32: (length) => new Uint32Array(length).fill(1),
  int64: (length) => new BigInt64Array(length).fill(1n),
  uint64: (length) => new BigUint64Array(length).fill(1n),
  bool: (length) => new Uint8Array(length).fill(1),
};

function syntheticTensor(type: FeedType, dims: number[], random: Random): FeedTensor {
  const length = dims.reduce((product, dim) => product * dim, 1);
  return { type, data: FILLERS[type](length, random), dims } as FeedTensor;
}

/** mulberry32: a tiny seeded generator, uniform in [0, 1); ample for test inputs, not for secrets. */
function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
