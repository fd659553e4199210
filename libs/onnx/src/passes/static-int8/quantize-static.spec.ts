import { ASIC_OPERATOR_ALLOWLIST } from '@edgeplane/contracts';
import { type ModelProto, TensorProto_DataType as DataType } from 'onnx-buf';
import { inspectModel } from '../../inspect-model';
import { readModel, writeModel } from '../../model-io';
import { seededFloats } from '../../testing/seeded-random';
import { type InputSet, syntheticInputs, verifyVariant } from '../../verification';
import { matMulModels } from '../../verification/testing/verification-test-models';
import { readFloat32Values } from '../fp16/float-tensor';
import { POINTWISE_CHANNELS, pointwiseConvModel } from '../split-identity-branch/testing/pointwise-conv-model';
import { quantizeStaticInt8, type StaticInt8Options } from './quantize-static';
import { convReluConvInputs, convReluConvModel } from './testing/tiny-static-models';

const ASIC_LIKE: StaticInt8Options = { powerOfTwo: false, perChannelWeights: true, operatorAllowlist: null };
const FPGA_LIKE: StaticInt8Options = { powerOfTwo: true, perChannelWeights: false, operatorAllowlist: null };
// What the compiler measures static variants on: the device's int32 arithmetic, not this host's kernels.
const SIMULATED = { inputSource: 'synthetic', accuracyFrom: 'simulated-int8', latencyRuns: 1 } as const;

/** Every scale input of the model's QuantizeLinear/DequantizeLinear nodes, read back from the file. */
function qdqScales(model: ModelProto): number[] {
  const initializers = new Map(model.graph!.initializer.map((tensor) => [tensor.name, tensor]));
  return model.graph!.node
    .filter(({ opType }) => opType === 'QuantizeLinear' || opType === 'DequantizeLinear')
    .flatMap(({ input }) => [...readFloat32Values(initializers.get(input[1])!)!]);
}

const initializerType = (model: ModelProto, name: string) =>
  model.graph!.initializer.find((tensor) => tensor.name === name)?.dataType;

describe('quantizeStaticInt8', () => {
  const sut = quantizeStaticInt8;
  const calibration = convReluConvInputs(1, 8);
  const verification = convReluConvInputs(2, 8);

  it.each([
    ['per-channel (asic-like)', ASIC_LIKE],
    ['power-of-two (fpga-like)', FPGA_LIKE],
  ])('%s: ORT runs both Convs as QLinearConv and answers like fp32', async (_, options) => {
    const original = convReluConvModel();

    const { model, report } = await sut(original, calibration, options);

    expect(report).toEqual({ quantizedNodes: 2, hostFallback: [], activationsQuantized: 4 });
    const figures = await verifyVariant(writeModel(original), writeModel(model), verification, SIMULATED);
    // Measured on simulated int8: cosine 0.9998 in both modes (on a VNNI host, its kernels agree).
    expect(figures.integerKernels).toEqual({ QLinearConv: 2 });
    expect(figures.cosine).toBeGreaterThanOrEqual(0.999);
  });

  it.each([
    ['per-channel (asic-like)', ASIC_LIKE],
    ['power-of-two (fpga-like)', FPGA_LIKE],
  ])('%s: simulated int8 measures at least the cosine of this host\'s int8 kernels', async (_, options) => {
    const original = writeModel(convReluConvModel());
    const variant = writeModel((await sut(convReluConvModel(), calibration, options)).model);

    const simulated = await verifyVariant(original, variant, verification, SIMULATED);
    const host = await verifyVariant(original, variant, verification, { ...SIMULATED, accuracyFrom: 'host-kernels' });

    // Measured on AMD EPYC without VNNI, whose QLinearConv saturates 16-bit sums: host kernels
    // 0.9947 (asic-like) and 0.955 (fpga-like), simulated 0.9998 both. A VNNI host gives equal figures.
    expect(simulated.cosine).toBeGreaterThanOrEqual(host.cosine);
    expect([simulated.accuracyMeasuredOn, host.accuracyMeasuredOn]).toEqual(['simulated-int8', 'host-kernels']);
    expect(simulated.integerKernels).toEqual(host.integerKernels); // both from the optimised graph
  });

  it('stores Conv weights as int8 and biases as int32, keeping the float32 interface', async () => {
    const { model } = await sut(convReluConvModel(), calibration, ASIC_LIKE);

    const conv = model.graph!.node.find(({ opType }) => opType === 'Conv')!;
    const producer = (name: string) => model.graph!.node.find(({ output }) => output.includes(name))!;
    const [weightDq, biasDq] = [producer(conv.input[1]), producer(conv.input[2])];
    expect([initializerType(model, weightDq.input[0]), initializerType(model, biasDq.input[0])]).toEqual([
      DataType.INT8,
      DataType.INT32,
    ]);
    const floatInitializers = model.graph!.initializer.filter(({ dataType }) => dataType === DataType.FLOAT);
    expect(floatInitializers.filter(({ name }) => ['w1', 'w2', 'b1', 'b2'].includes(name))).toEqual([]);
    expect([...model.graph!.input, ...model.graph!.output].map(({ name }) => name)).toEqual(['x', 'y']);
    expect(model.opsetImport[0].version).toBe(13n);
  });

  it('gives MatMul weights one scale per tensor even with per-channel weights, as fully connected layers have', async () => {
    const original = readModel(matMulModels().float);
    const inputs = syntheticInputs(inspectModel(original), { count: 4, seed: 3 });

    const { model, report } = await sut(original, inputs, ASIC_LIKE);

    expect(report.quantizedNodes).toBe(1);
    const matMul = model.graph!.node.find(({ opType }) => opType === 'MatMul')!;
    const weightDq = model.graph!.node.find(({ output }) => output.includes(matMul.input[1]))!;
    const scale = model.graph!.initializer.find(({ name }) => name === weightDq.input[1])!;
    expect(weightDq.opType).toBe('DequantizeLinear');
    expect(scale.dims).toEqual([]);
    const figures = await verifyVariant(writeModel(original), writeModel(model), inputs, SIMULATED);
    expect(figures.integerKernels).toEqual({ QLinearMatMul: 1 });
  });

  it('gives exact powers of two as every scale in power-of-two mode, and not otherwise', async () => {
    const [fpga, asic] = await Promise.all([
      sut(convReluConvModel(), calibration, FPGA_LIKE),
      sut(convReluConvModel(), calibration, ASIC_LIKE),
    ]);

    const isPowerOfTwo = (scale: number) => Number.isInteger(Math.log2(scale));
    expect(qdqScales(fpga.model).length).toBeGreaterThan(0);
    expect(qdqScales(fpga.model).filter((scale) => !isPowerOfTwo(scale))).toEqual([]);
    expect(qdqScales(asic.model).some((scale) => !isPowerOfTwo(scale))).toBe(true);
  });

  it('reports the nodes whose operator is not in the allowlist, ignoring Q/DQ', async () => {
    const options = { ...ASIC_LIKE, operatorAllowlist: ['Conv'] };

    const { report } = await sut(convReluConvModel(), calibration, options);

    const reason = 'operator not supported by the device';
    expect(report.hostFallback).toEqual([{ node: 'Relu_r', opType: 'Relu', reason }]);
  });

  it('keeps the nodes named in keepInFloat in float, fuses the rest, and reports them as host fallback', async () => {
    const options = { ...ASIC_LIKE, keepInFloat: ['Conv_y'] };

    const { model, report } = await sut(convReluConvModel(), calibration, options);

    expect(report).toMatchObject({ quantizedNodes: 1, activationsQuantized: 2 }); // x and a: not r, y
    expect(report.hostFallback).toEqual([{ node: 'Conv_y', opType: 'Conv', reason: 'kept in float for accuracy' }]);
    const kept = model.graph!.node.find(({ name }) => name === 'Conv_y')!;
    expect(kept.input).toEqual(['r', 'w2', 'b2']);
    expect([initializerType(model, 'w2'), initializerType(model, 'b2')]).toEqual([DataType.FLOAT, DataType.FLOAT]);
    const figures = await verifyVariant(writeModel(convReluConvModel()), writeModel(model), verification, SIMULATED);
    expect(figures.integerKernels).toEqual({ QLinearConv: 1 });
    expect(figures.cosine).toBeGreaterThanOrEqual(0.999);
  });

  it('refuses a keepInFloat name that is not a quantizable node, rather than quantizing it silently', async () => {
    const options = { ...ASIC_LIKE, keepInFloat: ['Conv_y', 'Relu_r'] };

    await expect(sut(convReluConvModel(), calibration, options)).rejects.toThrow(/keepInFloat: "Relu_r" not among/);
  });

  describe('with splitIdentityBranches', () => {
    const pointwiseInputs = (seed: number): InputSet =>
      Array.from({ length: 8 }, (_, index) => ({
        feeds: {
          x: {
            type: 'float32' as const,
            data: seededFloats(seed * 1000 + index, 100, -1, 1),
            dims: [1, POINTWISE_CHANNELS, 5, 5],
          },
        },
      }));

    it('quantizes the Conv without its dominant diagonal, which a float Mul applies beside it', async () => {
      const options = { ...FPGA_LIKE, splitIdentityBranches: true };

      const { model, report } = await sut(pointwiseConvModel(5), pointwiseInputs(1), options);

      expect(report).toMatchObject({ quantizedNodes: 1, identityBranches: { split: ['Conv_y'] } });
      const mul = model.graph!.node.find(({ opType }) => opType === 'Mul')!;
      expect(initializerType(model, mul.input[1])).toBe(DataType.FLOAT);
    });

    it('lifts power-of-two accuracy, where the diagonal would set the one weight scale', async () => {
      const original = writeModel(pointwiseConvModel(5));
      const [plain, split] = await Promise.all(
        [false, true].map((splitIdentityBranches) =>
          sut(pointwiseConvModel(5), pointwiseInputs(1), { ...FPGA_LIKE, splitIdentityBranches }),
        ),
      );

      const verify = ({ model }: { model: ModelProto }) =>
        verifyVariant(original, writeModel(model), pointwiseInputs(2), SIMULATED);
      const [before, after] = await Promise.all([verify(plain), verify(split)]);

      // Measured on simulated int8: cosine 0.99994 → 0.99997, the error nearly halved.
      expect(after.cosine).toBeGreaterThan(before.cosine);
    });

    it('reports the float Mul and Add it adds as host work, even where the allowlist has those operators', async () => {
      const options = { ...ASIC_LIKE, operatorAllowlist: [...ASIC_OPERATOR_ALLOWLIST], splitIdentityBranches: true };

      const { report } = await sut(pointwiseConvModel(5), pointwiseInputs(1), options);

      expect(report.hostFallback.map(({ opType, reason }) => [opType, reason])).toEqual([
        ['Mul', 'float identity branch of a split Conv'],
        ['Add', 'float identity branch of a split Conv'],
      ]);
    });
  });

  it('leaves the input model untouched', async () => {
    const original = convReluConvModel();
    const before = writeModel(original);

    await sut(original, calibration, ASIC_LIKE);

    expect(writeModel(original)).toEqual(before);
  });
});
