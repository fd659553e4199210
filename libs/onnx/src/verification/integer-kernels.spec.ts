import { graph, model } from '../testing/onnx-test-models';
import { countIntegerKernels, isIntegerKernel } from './integer-kernels';

describe('integer kernels', () => {
  it.each([
    'MatMulInteger', 'ConvInteger', 'MatMulIntegerToFloat', 'DynamicQuantizeMatMul', 'QLinearConv',
    'QLinearMatMul', 'QLinearAdd', 'NhwcQLinearConv', 'QGemm', 'QAttention', 'MatMulNBits',
  ])('counts %s as integer compute', (opType) => {
    expect(isIntegerKernel(opType)).toBe(true);
  });

  it.each(['QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear', 'MatMul', 'Conv', 'QuickGelu'])(
    'does not count %s',
    (opType) => {
      expect(isIntegerKernel(opType)).toBe(false);
    },
  );

  it('counts by op type over the graph, without domain', () => {
    const sut = countIntegerKernels;
    const ops = [
      { opType: 'DynamicQuantizeLinear', input: ['x'], output: ['q', 's', 'z'] },
      { opType: 'MatMulIntegerToFloat', domain: 'com.microsoft', input: ['q'], output: ['a'] },
      { opType: 'MatMulIntegerToFloat', domain: 'com.microsoft', input: ['q'], output: ['b'] },
      { opType: 'QLinearConv', input: ['q'], output: ['c'] },
      { opType: 'Add', input: ['a', 'b'], output: ['y'] },
    ];

    expect(sut(model(graph({ node: ops })))).toEqual({ MatMulIntegerToFloat: 2, QLinearConv: 1 });
  });
});
