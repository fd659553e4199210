/**
 * Schema versions that changed nothing a valid older node relies on: a node written for the
 * previous version computes the same at this one, so the upgrade only raises the opset number.
 * Each group was checked against the ONNX Changelog (the diff of the two versions' attributes,
 * inputs, outputs and type constraints). Steps that do need work live in conversion-steps.ts.
 */
const GROUPS: readonly { version: number; ops: readonly string[]; why: string }[] = [
  {
    version: 8,
    ops: ['Max', 'Mean', 'Min', 'Sum'],
    why: 'multidirectional broadcasting added; equal-shape inputs compute the same',
  },
  { version: 8, ops: ['MaxPool'], why: 'optional Indices output and storage_order (default 0) added' },
  { version: 9, ops: ['Cast'], why: 'casts from and to string added' },
  {
    version: 9,
    ops: ['Constant', 'Flatten', 'Gemm', 'Greater', 'Less', 'MatMul', 'PRelu'],
    why: 'more element types accepted; nothing else changed',
  },
  { version: 10, ops: ['AveragePool'], why: 'ceil_mode added; its default 0 is the old floor rounding' },
  {
    version: 10,
    ops: ['MaxPool'],
    why: 'ceil_mode (default 0, the old floor) and dilations (default 1) added',
  },
  {
    version: 11,
    ops: [
      'ArgMax', 'ArgMin', 'Compress', 'Concat', 'Flatten', 'Gather', 'Hardmax', 'LogSoftmax',
      'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceMax', 'ReduceMean',
      'ReduceMin', 'ReduceProd', 'ReduceSum', 'ReduceSumSquare', 'Scan', 'Slice', 'Softmax',
      'Split', 'Squeeze', 'Unsqueeze',
    ],
    why: 'negative axes or indices accepted; values valid before keep their meaning',
  },
  {
    version: 11,
    ops: ['AveragePool', 'Conv', 'LpPool', 'MaxPool', 'MaxUnpool', 'NonMaxSuppression', 'Loop'],
    why: 'documentation rewritten (output-shape formulas, default strides, IoU wording); same computation',
  },
  { version: 11, ops: ['Constant'], why: 'sparse_value added' },
  { version: 11, ops: ['DepthToSpace'], why: 'mode added; its default DCR is the old layout' },
  { version: 11, ops: ['Equal'], why: 'more element types accepted' },
  { version: 11, ops: ['Gemm'], why: 'C became optional' },
  { version: 11, ops: ['If'], why: 'branches may now output different shapes' },
  { version: 11, ops: ['TopK'], why: 'largest and sorted added (defaults 1: old behaviour); negative axis' },
  {
    version: 12,
    ops: ['ArgMax', 'ArgMin'],
    why: 'select_last_index added; its default 0 is the old first-index rule',
  },
  {
    version: 12,
    ops: ['Clip', 'Max', 'Min', 'MaxPool', 'ReduceMax', 'ReduceMin'],
    why: 'integer element types added',
  },
  { version: 12, ops: ['Constant'], why: 'value_float(s), value_int(s), value_string(s) added' },
  { version: 12, ops: ['GatherND'], why: 'batch_dims added; its default 0 is the old behaviour' },
  { version: 12, ops: ['Pow'], why: 'the exponent may have its own element type' },
  {
    version: 13,
    ops: [
      'Abs', 'Add', 'ArgMax', 'ArgMin', 'Cast', 'Ceil', 'Clip', 'Concat', 'Constant', 'DepthToSpace',
      'Div', 'Dropout', 'Equal', 'Erf', 'Exp', 'Expand', 'Flatten', 'Floor', 'Gather',
      'GatherElements', 'GatherND', 'Gemm', 'Greater', 'Identity', 'If', 'IsNaN', 'LRN', 'Less',
      'Log', 'Loop', 'MatMul', 'Max', 'Mean', 'MeanVarianceNormalization', 'Min', 'Mod', 'Mul',
      'Neg', 'NegativeLogLikelihoodLoss', 'NonZero', 'Pad', 'Pow', 'Reciprocal', 'ReduceL1',
      'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceMax', 'ReduceMean', 'ReduceMin',
      'ReduceProd', 'ReduceSumSquare', 'Relu', 'Reshape', 'ScatterElements', 'ScatterND', 'Shape',
      'Sigmoid', 'Sign', 'Size', 'Slice', 'SoftmaxCrossEntropyLoss', 'SpaceToDepth', 'Sqrt', 'Sub',
      'Sum', 'Tanh', 'Tile', 'Transpose',
    ],
    why:
      'bfloat16 added to the type lists, inputs marked (non-)differentiable, wording clarified ' +
      '(Clip with min > max, Mod fmod rules, Cast rounding rules, If/Loop sequence types)',
  },
  {
    version: 13,
    ops: ['DequantizeLinear', 'QuantizeLinear'],
    why: 'axis added for per-axis scales; a scalar scale, the only form before, ignores it',
  },
];

/** Why the step of `opType` into `version` needs no conversion, or undefined when it may need one. */
export function compatibleStepReason(opType: string, version: number): string | undefined {
  return COMPATIBLE.get(stepKey(opType, version));
}

export function stepKey(opType: string, version: number): string {
  return `${opType}-${version}`;
}

const COMPATIBLE: ReadonlyMap<string, string> = new Map(
  GROUPS.flatMap(({ version, ops, why }) => ops.map((op) => [stepKey(op, version), why] as const)),
);
