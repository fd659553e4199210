import { AttributeProto_AttributeType as AttributeType, TensorProto_DataType as DataType } from 'onnx-buf';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { writeModel } from '../model-io';
import { seededFloats } from '../testing/seeded-random';
import { graph, model, tensorValue } from '../testing/onnx-test-models';
import { float16Bits, float16Value } from './float16';

// Golden test: weights converted here must equal what ORT's own Cast makes of them, or the float16
// variant would differ from the same model converted by the runtime.

const castToFloat16 = model(
  graph({
    node: [
      {
        opType: 'Cast',
        input: ['x'],
        output: ['y'],
        attribute: [{ name: 'to', type: AttributeType.INT, i: BigInt(DataType.FLOAT16) }],
      },
    ],
    input: [tensorValue('x', [null])],
    output: [tensorValue('y', [null], DataType.FLOAT16)],
  }),
);

/** ORT's Cast of `values` to float16, as bits (ORT on Node 20 hands float16 over as a Uint16Array). */
async function ortCast(values: Float32Array): Promise<Uint16Array> {
  const session = await InferenceSession.create(writeModel(castToFloat16));
  try {
    const { y } = await session.run({ x: new Tensor('float32', values, [values.length]) });
    return y!.data as Uint16Array;
  } finally {
    await session.release();
  }
}

describe('float16Bits against ORT Cast', () => {
  const sut = float16Bits;

  it('gives ORT bits for normals, subnormals, ties, overflow and underflow', async () => {
    const ties = Array.from({ length: 200 }, (_, i) => 1 + (2 * i + 1) * 2 ** -11); // halfway cases
    const values = Float32Array.from([
      ...seededFloats(5, 2000, -70000, 70000),
      ...seededFloats(6, 2000, -1e-4, 1e-4), // subnormal range below 6.1e-5
      ...seededFloats(7, 500, -1e-7, 1e-7),
      ...ties,
      65504, 65519, 65520, 1e9, -0, 0, 2 ** -25, 3 * 2 ** -26,
    ]);

    const ort = Array.from(await ortCast(values), float16Value);

    // Compared as values (Object.is tells -0 from 0), decoded independently of the code under test.
    const ours = Array.from(values, (value) => float16Value(sut(value)));
    const mismatch = ours.findIndex((value, i) => !Object.is(value, ort[i]));
    const described = `${values[mismatch]}: ours ${ours[mismatch]}, ORT ${ort[mismatch]}`;
    expect(mismatch === -1 ? null : described).toBeNull();
  });
});
