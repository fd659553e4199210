import { create } from '@bufbuild/protobuf';
import { NodeProtoSchema, TensorProto_DataType as DataType } from 'onnx-buf';
import { constantNode, floatTensor, graph, ifNode, tensorValue } from '../../testing/onnx-test-models';
import { inferElementTypes } from './element-types';
import { int64Tensor, node } from './testing/tiny-models';

const { BOOL, FLOAT, INT64 } = DataType;

describe('inferElementTypes', () => {
  const sut = inferElementTypes;

  it('follows shapes, casts, comparisons and Where through a graph', () => {
    const main = graph({
      node: [
        constantNode('one', int64Tensor([1])),
        node('Shape', ['x'], ['shape']),
        node('Cast', ['shape'], ['shape_float'], { to: FLOAT }),
        node('Greater', ['x', 'shape_float'], ['mask']),
        node('Where', ['mask', 'x', 'shape_float'], ['picked']),
        node('Gather', ['picked', 'one'], ['gathered']),
        node('TopK', ['x', 'one'], ['top', 'top_index']),
      ],
      input: [tensorValue('x', [4])],
    });

    const types = sut(main, new Map());

    expect(Object.fromEntries(types)).toEqual({
      x: FLOAT, one: INT64, shape: INT64, shape_float: FLOAT, mask: BOOL, picked: FLOAT,
      gathered: FLOAT, top: FLOAT, top_index: INT64,
    });
  });

  it('prefers declared value_info, reads outer names, and knows nothing of other domains', () => {
    const custom = create(NodeProtoSchema, {
      opType: 'Gelu',
      domain: 'com.example',
      input: ['outer'],
      output: ['g'],
    });
    const main = graph({
      node: [custom, node('Relu', ['g'], ['r']), node('Identity', ['outer'], ['declared'])],
      valueInfo: [tensorValue('declared', [1], DataType.DOUBLE)],
    });

    const types = sut(main, new Map([['outer', FLOAT]]));

    expect([types.get('g'), types.get('r'), types.get('declared')]).toEqual([
      undefined,
      undefined,
      DataType.DOUBLE,
    ]);
  });

  it('types If outputs from its branch outputs', () => {
    const branch = graph({ output: [tensorValue('branch_out', [1], INT64)] });
    const main = graph({
      node: [constantNode('c', floatTensor('', [])), ifNode('c', 'chosen', branch)],
    });

    expect(sut(main, new Map()).get('chosen')).toBe(INT64);
  });
});
