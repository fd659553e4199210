import { create } from '@bufbuild/protobuf';
import { AttributeProto_AttributeType as AttributeType, NodeProtoSchema } from 'onnx-buf';
import { floatTensor } from '../../testing/onnx-test-models';
import { isFloat32OnlyInput, isFloat32OnlyOutput, operatorIslandReason } from './fp32-islands';
import { node } from './testing/tiny-models';

const rules = (opset: number, keepFp32Ops: string[] = []) => ({ opset, keepFp32Ops: new Set(keepFp32Ops) });
const constantOfShape = (value: number) =>
  create(NodeProtoSchema, {
    opType: 'ConstantOfShape',
    input: ['shape'],
    output: ['filled'],
    attribute: [{ name: 'value', type: AttributeType.TENSOR, t: floatTensor('', [1], [value]) }],
  });

describe('operatorIslandReason', () => {
  const sut = operatorIslandReason;

  it.each([
    ['Range', 13, 'Range has no float16 type in ONNX'],
    ['CumSum', 11, 'CumSum has float16 types from opset 14 only'],
    ['DequantizeLinear', 13, 'quantization operators take float32 scales'],
    ['RandomNormalLike', 13, 'RandomNormalLike takes its output type from an attribute'],
    ['Loop', 13, 'Loop: its subgraphs keep a float32 interface and are converted inside'],
  ])('keeps %s (opset %d) in float32', (opType, opset, reason) => {
    expect(sut(node(opType, ['a'], ['b']), rules(opset))).toBe(reason);
  });

  it.each([['Conv'], ['Resize'], ['BatchNormalization'], ['Softmax']])('lets %s run in float16', (opType) => {
    expect(sut(node(opType, ['a'], ['b']), rules(11))).toBeNull();
  });

  it('lets CumSum run in float16 from opset 14', () => {
    expect(sut(node('CumSum', ['a', 'axis'], ['b']), rules(14))).toBeNull();
  });

  it('honours keepFp32Ops', () => {
    const softmax = node('Softmax', ['a'], ['b']);

    expect(sut(softmax, rules(13, ['Softmax']))).toBe('Softmax is listed in keepFp32Ops');
  });

  it('keeps a ConstantOfShape whose value overflows float16, and converts one whose value fits', () => {
    expect(sut(constantOfShape(-1e9), rules(13))).toBe('its value 1000000000 overflows float16 (max 65504)');
    expect(sut(constantOfShape(-65504), rules(13))).toBeNull();
  });
});

describe('float32-only inputs and outputs', () => {
  it('are Resize roi and scales from opset 11, its scales at opset 10, Upsample scales', () => {
    const sut = isFloat32OnlyInput;
    const resize = node('Resize', ['x', 'roi', 'scales', 'sizes'], ['y']);

    expect([0, 1, 2, 3].map((slot) => sut(resize, slot, 11))).toEqual([false, true, true, false]);
    expect([0, 1].map((slot) => sut(resize, slot, 10))).toEqual([false, true]);
    expect(sut(node('Upsample', ['x', 'scales'], ['y']), 1, 9)).toBe(true);
  });

  it('are the mean and inverse deviation of LayerNormalization', () => {
    const sut = isFloat32OnlyOutput;
    const layerNorm = node('LayerNormalization', ['x', 'scale'], ['y', 'mean', 'inv_std']);

    expect([0, 1, 2].map((slot) => sut(layerNorm, slot))).toEqual([false, true, true]);
  });
});
