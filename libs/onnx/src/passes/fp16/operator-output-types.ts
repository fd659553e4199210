import { type AttributeProto, type NodeProto, TensorProto_DataType as DataType } from 'onnx-buf';

/** An element type, or undefined when it cannot be told from the node alone. */
export type ElementType = DataType | undefined;

type InputType = (slot: number) => ElementType;
/** One type for every output, or one per output. */
type OutputRule = (node: NodeProto, input: InputType) => ElementType | ElementType[];

const { BOOL, FLOAT, INT32, INT64, STRING, UINT8 } = DataType;
const always = (type: DataType) => () => type;
const typeOfInput = (slot: number) => (_: NodeProto, input: InputType) => input(slot);
const dtypeOr = (fallback: (node: NodeProto, input: InputType) => ElementType) =>
  (node: NodeProto, input: InputType) => intAttribute(node, 'dtype') ?? fallback(node, input);

// Standard-domain operators whose outputs are not simply of their first input's type. Every other
// standard operator (Add, Conv, Reshape, Gather, Resize, …) outputs its first input's type.
const RULES: Record<string, OutputRule> = {
  Shape: always(INT64),
  Size: always(INT64),
  NonZero: always(INT64),
  ArgMax: always(INT64),
  ArgMin: always(INT64),
  NonMaxSuppression: always(INT64),
  SequenceLength: always(INT64),
  MatMulInteger: always(INT32),
  ConvInteger: always(INT32),
  ImageDecoder: always(UINT8),
  TfIdfVectorizer: always(FLOAT),
  StringNormalizer: always(STRING),
  StringConcat: always(STRING),
  StringSplit: () => [STRING, INT64],
  ...Object.fromEntries(
    ['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor']
      .concat(['IsNaN', 'IsInf', 'RegexFullMatch', 'OptionalHasElement'])
      .map((op) => [op, always(BOOL)]),
  ),
  Cast: (node) => intAttribute(node, 'to'),
  CastLike: typeOfInput(1),
  Where: typeOfInput(1),
  OneHot: typeOfInput(2),
  QLinearConv: typeOfInput(7),
  QLinearMatMul: typeOfInput(7),
  Constant: constantType,
  ConstantOfShape: (node) => attribute(node, 'value')?.t?.dataType ?? FLOAT,
  TopK: (_, input) => [input(0), INT64],
  MaxPool: (_, input) => [input(0), INT64],
  Unique: (_, input) => [input(0), INT64, INT64, INT64],
  Dropout: (_, input) => [input(0), BOOL],
  LayerNormalization: (node, input) => {
    const stash = intAttribute(node, 'stash_type') ?? FLOAT;
    return [input(0), stash, stash];
  },
  RandomNormal: dtypeOr(always(FLOAT)),
  RandomUniform: dtypeOr(always(FLOAT)),
  RandomNormalLike: dtypeOr(typeOfInput(0)),
  RandomUniformLike: dtypeOr(typeOfInput(0)),
  EyeLike: dtypeOr(typeOfInput(0)),
  Bernoulli: dtypeOr(typeOfInput(0)),
  Multinomial: dtypeOr(always(INT32)),
  QuantizeLinear: (node, input) => intAttribute(node, 'output_dtype') ?? input(2) ?? UINT8,
  DequantizeLinear: (node, input) => intAttribute(node, 'output_dtype') ?? input(1) ?? FLOAT,
  DynamicQuantizeLinear: () => [UINT8, FLOAT, UINT8],
  HannWindow: windowType,
  HammingWindow: windowType,
  BlackmanWindow: windowType,
  MelWeightMatrix: windowType,
  If: (node) => subgraphOutputTypes(node, 'then_branch', 0),
  Loop: (node) => subgraphOutputTypes(node, 'body', 1), // body outputs start with the condition
  Scan: (node) => subgraphOutputTypes(node, 'body', 0),
};

// Operators on sequences and optionals; their element types are not tracked.
const NON_TENSOR_OPERATORS = /^(Sequence|Optional)|SplitToSequence|ConcatFromSequence/;

/**
 * Element types of a node's outputs in the original float32 model, given its inputs' types; entries
 * are undefined where the type cannot be told: operators of other domains (their meaning is not
 * known here) and sequence or optional values (which are not tensors).
 */
export function outputElementTypes(node: NodeProto, input: InputType): ElementType[] {
  const standard = node.domain === '' || node.domain === 'ai.onnx';
  const rule = RULES[node.opType];
  const carriesNonTensors = !rule && NON_TENSOR_OPERATORS.test(node.opType);
  const result = !standard || carriesNonTensors ? undefined : rule ? rule(node, input) : input(0);
  return node.output.map((_, slot) => (Array.isArray(result) ? result[slot] : result));
}

export function attribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute.find((candidate) => candidate.name === name);
}

function intAttribute(node: NodeProto, name: string): DataType | undefined {
  const found = attribute(node, name);
  return found ? Number(found.i) : undefined;
}

function constantType(node: NodeProto): ElementType {
  const [value] = node.attribute;
  if (!value) return undefined;
  if (value.name === 'value') return value.t?.dataType;
  if (value.name === 'sparse_value') return value.sparseTensor?.values?.dataType;
  if (value.name.startsWith('value_float')) return FLOAT;
  if (value.name.startsWith('value_int')) return INT64;
  return value.name.startsWith('value_string') ? STRING : undefined;
}

function windowType(node: NodeProto): ElementType {
  return intAttribute(node, 'output_datatype') ?? FLOAT;
}

function subgraphOutputTypes(node: NodeProto, name: string, skip: number): ElementType[] {
  const outputs = attribute(node, name)?.g?.output.slice(skip) ?? [];
  return outputs.map((output) => {
    const type = output.type?.value;
    return type?.case === 'tensorType' && type.value.elemType ? type.value.elemType : undefined;
  });
}
