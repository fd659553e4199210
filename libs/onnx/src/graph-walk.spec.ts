import { create } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  FunctionProtoSchema,
  SparseTensorProtoSchema,
} from 'onnx-buf';
import { hasSubgraphs, walkAllTensors, walkGraphs, walkNodes } from './graph-walk';
import { constantNode, floatTensor, graph, ifNode, model, tensorValue } from './testing/onnx-test-models';

/** A Loop whose body holds an If whose then-branch holds a Constant, and a `graphs` list attribute. */
function nestedModel() {
  const thenBranch = graph({ name: 'then', node: [constantNode('deep', floatTensor('deep_w', [1]))] });
  const body = graph({ name: 'body', node: [ifNode('c', 'o', thenBranch)] });
  const branches = [graph({ name: 'g0' }), graph({ name: 'g1' })];
  return model(
    graph({
      node: [
        { opType: 'Relu', input: ['x'], output: ['r'] },
        {
          opType: 'Loop',
          input: ['n', 'c'],
          output: ['y'],
          attribute: [{ name: 'body', type: AttributeType.GRAPH, g: body }],
        },
        {
          opType: 'Custom',
          domain: 'x.test',
          attribute: [{ name: 'branches', type: AttributeType.GRAPHS, graphs: branches }],
        },
      ],
    }),
  );
}

describe('walkGraphs', () => {
  it('visits the main graph and every nested subgraph depth-first, with field paths', () => {
    const sut = [...walkGraphs(nestedModel())].map(({ graph: visited, path }) => [visited.name, path]);

    expect(sut).toEqual([
      ['test', 'graph'],
      ['body', 'graph.node[1].attribute[0].g'],
      ['then', 'graph.node[1].attribute[0].g.node[0].attribute[0].g'],
      ['else', 'graph.node[1].attribute[0].g.node[0].attribute[1].g'],
      ['g0', 'graph.node[2].attribute[0].graphs[0]'],
      ['g1', 'graph.node[2].attribute[0].graphs[1]'],
    ]);
  });

  it('yields nothing for a model without a graph', () => {
    const bare = model();
    delete bare.graph;

    expect([...walkGraphs(bare)]).toEqual([]);
  });
});

describe('walkNodes', () => {
  it('reaches the nodes of nested subgraphs', () => {
    const sut = [...walkNodes(nestedModel())].map(({ node, path }) => `${node.opType}@${path}`);

    expect(sut).toEqual([
      'Relu@graph.node[0]',
      'Loop@graph.node[1]',
      'Custom@graph.node[2]',
      'If@graph.node[1].attribute[0].g.node[0]',
      'Constant@graph.node[1].attribute[0].g.node[0].attribute[0].g.node[0]',
    ]);
  });
});

describe('hasSubgraphs', () => {
  it('tells a flat model from a nested one', () => {
    expect(hasSubgraphs(model())).toBe(false);
    expect(hasSubgraphs(nestedModel())).toBe(true);
  });
});

describe('walkAllTensors', () => {
  it('finds tensors in subgraphs, sparse initializers and function bodies, labelled by name or output', () => {
    const built = nestedModel();
    const values = floatTensor('sparse_values', [2]);
    const indices = floatTensor('sparse_indices', [2]);
    built.graph!.sparseInitializer.push(create(SparseTensorProtoSchema, { values, indices, dims: [8n] }));
    const body = [constantNode('f_out', floatTensor('', [1]))];
    built.functions.push(create(FunctionProtoSchema, { name: 'f', domain: 'x.test', node: body }));

    const sut = [...walkAllTensors(built)].map(({ label, path }) => [label, path]);

    expect(sut).toEqual([
      ['deep_w', 'graph.node[1].attribute[0].g.node[0].attribute[0].g.node[0].attribute[0].t'],
      ['sparse_values', 'graph.sparse_initializer[0].values'],
      ['sparse_indices', 'graph.sparse_initializer[0].indices'],
      ['f_out', 'functions[0].node[0].attribute[0].t'],
    ]);
  });

  it('gives a nameless tensor outside any node an empty label, leaving the path to name it', () => {
    const built = model(graph({ initializer: [floatTensor('', [1])], input: [tensorValue('x', [1])] }));

    const sut = [...walkAllTensors(built)].map(({ label, path }) => [label, path]);

    expect(sut).toEqual([['', 'graph.initializer[0]']]);
  });
});
