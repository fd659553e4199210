import { InferenceSession, Tensor } from 'onnxruntime-node';
import { writeModel } from '../../model-io';
import { tensorValue } from '../../testing/onnx-test-models';
import { calibrateActivations } from './calibrate';
import { convReluConvInputs, convReluConvModel } from './testing/tiny-static-models';

describe('calibrateActivations', () => {
  const sut = calibrateActivations;

  it('records the range of the Conv inputs and outputs, widest over all inputs', async () => {
    const inputs = convReluConvInputs(1, 3);

    const ranges = await sut(convReluConvModel(), inputs);

    expect([...ranges.keys()].sort()).toEqual(['a', 'r', 'x', 'y']);
    const xValues = inputs.flatMap(({ feeds }) => [...(feeds.x.data as Float32Array)]);
    expect(ranges.get('x')).toEqual({ min: Math.min(...xValues), max: Math.max(...xValues) });
    expect(ranges.get('r')!.min).toBe(0); // after Relu
    expect(ranges.get('a')!.min).toBeLessThan(0);
    expect(ranges.get('a')!.max).toBe(ranges.get('r')!.max);
  });

  it('gives the union of the ranges each input gives alone', async () => {
    const inputs = convReluConvInputs(2, 3);

    const [all, ...each] = await Promise.all([
      sut(convReluConvModel(), inputs),
      ...inputs.map((input) => sut(convReluConvModel(), [input])),
    ]);

    const union = {
      min: Math.min(...each.map((ranges) => ranges.get('y')!.min)),
      max: Math.max(...each.map((ranges) => ranges.get('y')!.max)),
    };
    expect(all.get('y')).toEqual(union);
    expect(each.map((ranges) => ranges.get('y'))).not.toContainEqual(union); // no single input spans it
  });

  it('takes the range from the finite values of a tensor that holds an Infinity', async () => {
    const [input] = convReluConvInputs(3, 1);
    const x = Float32Array.from(input.feeds.x.data as Float32Array);
    x[0] = Infinity; // one pixel: the Convs' outputs around it are ±Infinity or NaN, the rest finite
    const inputs = [{ feeds: { x: { type: 'float32' as const, data: x, dims: [1, 4, 8, 8] } } }];
    const exposingA = convReluConvModel();
    exposingA.graph!.output.push(tensorValue('a', [1, 8, 8, 8]));
    const session = await InferenceSession.create(writeModel(exposingA));
    const a = (await session.run({ x: new Tensor('float32', x, [1, 4, 8, 8]) })).a.data as Float32Array;
    await session.release();
    const finite = [...a].filter(Number.isFinite);
    expect(finite.length).toBeLessThan(a.length);

    const ranges = await sut(convReluConvModel(), inputs);

    expect(ranges.get('a')).toEqual({ min: Math.min(...finite), max: Math.max(...finite) });
  });

  it('records only the tensors asked for', async () => {
    const ranges = await sut(convReluConvModel(), convReluConvInputs(1, 1), ['r']);

    expect([...ranges.keys()]).toEqual(['r']);
  });
});
