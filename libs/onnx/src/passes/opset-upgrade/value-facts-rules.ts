import { type NodeProto, type TensorProto, TensorProto_DataType as DataType } from 'onnx-buf';
import { constantNodeTensor } from '../constant-node';
import { findAttribute, intAttribute } from '../node-attributes';
import { readIntegers } from '../tensor-values';
import * as shapes from './shape-rules';
import type { ConstantTable, Dim, ValueFacts } from './value-facts';

type Rule = (node: NodeProto, inputs: ValueFacts[], constants: ConstantTable) => ValueFacts[];

/** Facts of a node's outputs, by position; an empty list when the operator has no rule here. */
export const inferNodeFacts: Rule = (node, inputs, constants) =>
  RULES.get(node.opType)?.(node, inputs, constants) ?? [];

export function tensorFacts(tensor: TensorProto | undefined): ValueFacts {
  return tensor ? { elemType: tensor.dataType, shape: tensor.dims.map(Number) } : {};
}

/** Elementwise and normalising operators: the output is like the first input. */
const SAME_AS_INPUT = [
  'Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'BatchNormalization', 'Celu', 'Ceil',
  'Clip', 'Cos', 'Cosh', 'CumSum', 'Dropout', 'Elu', 'Erf', 'Exp', 'Floor', 'Hardmax',
  'HardSigmoid', 'Identity', 'InstanceNormalization', 'LeakyRelu', 'Log', 'LogSoftmax',
  'LpNormalization', 'LRN', 'MeanVarianceNormalization', 'Neg', 'Not', 'PRelu', 'Reciprocal',
  'Relu', 'ReverseSequence', 'Round', 'Scatter', 'ScatterElements', 'ScatterND', 'Selu', 'Shrink',
  'Sigmoid', 'Sign', 'Sin', 'Sinh', 'Softmax', 'Softplus', 'Softsign', 'Sqrt', 'Tan', 'Tanh',
  'ThresholdedRelu',
];
/** Operators that keep the rank and element type but change sizes. */
const SAME_RANK = [
  'AveragePool', 'Conv', 'ConvTranspose', 'DepthToSpace', 'GlobalAveragePool', 'GlobalLpPool',
  'GlobalMaxPool', 'LpPool', 'MaxPool', 'MaxUnpool', 'Pad', 'Resize', 'SpaceToDepth', 'Tile',
  'TopK', 'Upsample',
];
const ARITHMETIC = ['Add', 'Div', 'Max', 'Mean', 'Min', 'Mod', 'Mul', 'Pow', 'Sub', 'Sum'];
const COMPARISONS = ['And', 'Equal', 'Greater', 'GreaterOrEqual', 'Less', 'LessOrEqual', 'Or', 'Xor'];
const BOOLEAN_TESTS = ['IsInf', 'IsNaN'];
const REDUCTIONS = [
  'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceMax', 'ReduceMean', 'ReduceMin',
  'ReduceProd', 'ReduceSum', 'ReduceSumSquare',
];

const RULES = new Map<string, Rule>([
  ...SAME_AS_INPUT.map((op): [string, Rule] => [op, (_, [x]) => [x ?? {}]]),
  ...SAME_RANK.map((op): [string, Rule] => [op, (_, [x]) => [like(x, x?.shape?.map(() => null))]]),
  ...ARITHMETIC.map((op): [string, Rule] => [op, (_, ins) => [like(ins[0], broadcast(ins))]]),
  ...COMPARISONS.map((op): [string, Rule] => [op, (_, ins) => [typed(DataType.BOOL, broadcast(ins))]]),
  ...REDUCTIONS.map((op): [string, Rule] => [op, reduction]),
  ...BOOLEAN_TESTS.map((op): [string, Rule] => [op, (_, [x]) => [typed(DataType.BOOL, x?.shape)]]),
  ['Where', (_, ins) => [like(ins[1], broadcast(ins))]],
  ['Constant', (node) => [tensorFacts(constantNodeTensor(node))]],
  ['Cast', (node, [x]) => [typed(Number(intAttribute(node, 'to') ?? 0n), x?.shape)]],
  ['Shape', (_, [x]) => [typed(DataType.INT64, x?.shape ? [x.shape.length] : undefined)]],
  ['Size', () => [typed(DataType.INT64, [])]],
  ['Split', (node, [x]) => node.output.map(() => like(x, x?.shape?.map(() => null)))],
  ['Flatten', (node, [x]) => [like(x, shapes.flattenShape(x?.shape, int(node, 'axis', 1)))]],
  ['Gemm', (_, [a]) => [like(a, [null, null])]],
  ['MatMul', (_, [a, b]) => [like(a, shapes.matMulShape(a?.shape, b?.shape))]],
  ['Transpose', (node, [x]) => [like(x, transposed(x?.shape, findAttribute(node, 'perm')?.ints))]],
  ['Concat', (node, ins) => [like(ins[0], shapes.concatShape(shapeList(ins), int(node, 'axis', 0)))]],
  ['Gather', (node, [data, indices]) => [like(data, gathered(data, indices, int(node, 'axis', 0)))]],
  ['Squeeze', squeeze],
  ['Unsqueeze', unsqueeze],
  ['Reshape', reshape],
  ['Slice', slice],
  ['ArgMax', argReduction],
  ['ArgMin', argReduction],
]);

function squeeze(node: NodeProto, [x]: ValueFacts[], constants: ConstantTable): ValueFacts[] {
  const axes = listParameter(node, 'axes', 1, constants);
  return [like(x, x?.shape && axes !== null ? shapes.squeezeShape(x.shape, axes) : undefined)];
}

function unsqueeze(node: NodeProto, [x]: ValueFacts[], constants: ConstantTable): ValueFacts[] {
  const axes = listParameter(node, 'axes', 1, constants);
  return [like(x, x?.shape && axes ? shapes.unsqueezeShape(x.shape, axes) : undefined)];
}

function reshape(node: NodeProto, [x, target]: ValueFacts[], constants: ConstantTable): ValueFacts[] {
  const values = listParameter(node, 'shape', 1, constants);
  if (values) return [like(x, shapes.reshapeShape(x?.shape, values))];
  const rank = target?.shape?.[0];
  return [like(x, typeof rank === 'number' ? new Array<Dim>(rank).fill(null) : undefined)];
}

function slice(node: NodeProto, [x]: ValueFacts[], constants: ConstantTable): ValueFacts[] {
  const [starts, ends, axes, steps] = ['starts', 'ends', 'axes', 'steps'].map((name, index) =>
    listParameter(node, name, index + 1, constants),
  );
  const known = starts && ends && axes !== null && steps !== null;
  const sizes = x?.shape && known ? shapes.sliceShape(x.shape, starts, ends, axes, steps) : undefined;
  return [like(x, sizes ?? x?.shape?.map(() => null))];
}

function reduction(node: NodeProto, [x]: ValueFacts[], constants: ConstantTable): ValueFacts[] {
  const axes = listParameter(node, 'axes', 1, constants);
  const keepDims = int(node, 'keepdims', 1) === 1;
  return [like(x, x?.shape && axes !== null ? shapes.reduceShape(x.shape, axes, keepDims) : undefined)];
}

function argReduction(node: NodeProto, [x]: ValueFacts[]): ValueFacts[] {
  const keepDims = int(node, 'keepdims', 1) === 1;
  const shape = x?.shape && shapes.reduceShape(x.shape, [int(node, 'axis', 0)], keepDims);
  return [typed(DataType.INT64, shape)];
}

/**
 * A list that is an attribute before some opset and an input after: its values, null when it is
 * an input that is not constant, undefined when the node does not give it.
 */
function listParameter(node: NodeProto, name: string, inputIndex: number, constants: ConstantTable) {
  const attribute = findAttribute(node, name);
  if (attribute) return attribute.ints.map(Number);
  const input = node.input[inputIndex];
  if (!input) return undefined;
  const tensor = constants.get(input);
  return (tensor && readIntegers(tensor)?.map(Number)) ?? null;
}

function gathered(data: ValueFacts | undefined, indices: ValueFacts | undefined, axis: number) {
  return data?.shape && indices?.shape ? shapes.gatherShape(data.shape, indices.shape, axis) : undefined;
}

function transposed(shape: Dim[] | undefined, perm: bigint[] | undefined): Dim[] | undefined {
  if (perm && perm.length > 0) return perm.map((axis) => shape?.[Number(axis)] ?? null);
  return shape && [...shape].reverse();
}

function broadcast(inputs: ValueFacts[]): Dim[] | undefined {
  return shapes.broadcastShape(shapeList(inputs));
}

function shapeList(inputs: ValueFacts[]): (Dim[] | undefined)[] {
  return inputs.map((input) => input.shape);
}

function int(node: NodeProto, name: string, fallback: number): number {
  return Number(intAttribute(node, name) ?? BigInt(fallback));
}

function like(source: ValueFacts | undefined, shape: Dim[] | undefined): ValueFacts {
  return typed(source?.elemType, shape);
}

function typed(elemType: number | undefined, shape: Dim[] | undefined): ValueFacts {
  return { ...(elemType ? { elemType } : {}), ...(shape ? { shape } : {}) };
}
