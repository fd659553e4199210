import { type NodeProto, TensorProto_DataType as DataType } from 'onnx-buf';
import { readFloat32Values } from './float-tensor';
import { float16Overflow } from '../../float16/float16-arrays';
import type { FloatWeight } from './graph-weights';
import { attribute, type ElementType } from './operator-output-types';

/** What the fp32-island rules need to know besides the node. */
export interface IslandRules {
  /** Opset version of the default ONNX domain: some operators gained float16 types later. */
  opset: number;
  /** Operator types the caller wants kept in float32, on top of the built-in ones. */
  keepFp32Ops: ReadonlySet<string>;
}

const QUANTIZATION = 'quantization operators take float32 scales';
const FLOAT32_ONLY: Record<string, string> = {
  Range: 'Range has no float16 type in ONNX',
  Celu: 'Celu is defined for float32 only',
  TfIdfVectorizer: 'TfIdfVectorizer outputs float32 only',
  NonMaxSuppression: 'NonMaxSuppression takes float32 boxes and scores only',
  QuantizeLinear: QUANTIZATION,
  DequantizeLinear: QUANTIZATION,
  DynamicQuantizeLinear: QUANTIZATION,
  QLinearConv: QUANTIZATION,
  QLinearMatMul: QUANTIZATION,
};
const TYPED_BY_ATTRIBUTE = new Set([
  'RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'EyeLike',
  'Bernoulli', 'Multinomial', 'HannWindow', 'HammingWindow', 'BlackmanWindow', 'MelWeightMatrix',
]);
const CONTROL_FLOW = new Set(['If', 'Loop', 'Scan']);

/**
 * Why `node` must run in float32 whatever its inputs are, or null when it may run in float16.
 * These are the operator rules; `nodeIslandReason` adds the data rules, and the planner keeps
 * shape arithmetic that feeds float32-only inputs in float32.
 */
export function operatorIslandReason(node: NodeProto, rules: IslandRules): string | null {
  const { opType } = node;
  if (rules.keepFp32Ops.has(opType)) return `${opType} is listed in keepFp32Ops`;
  if (FLOAT32_ONLY[opType]) return FLOAT32_ONLY[opType];
  if (opType === 'CumSum' && rules.opset < 14) return 'CumSum has float16 types from opset 14 only';
  // Changing a dtype attribute would work for some of these, but they are rare in inference
  // graphs and a Cast after them is always correct.
  if (TYPED_BY_ATTRIBUTE.has(opType)) return `${opType} takes its output type from an attribute`;
  if (CONTROL_FLOW.has(opType)) {
    return `${opType}: its subgraphs keep a float32 interface and are converted inside`;
  }
  if (opType === 'ConstantOfShape') return constantOfShapeReason(node);
  return null;
}

/**
 * Why `node` must run in float32: the operator rules, then its data: a tensor whose type cannot
 * be inferred, or a weight that overflows float16. Null when it may run in float16.
 */
export function nodeIslandReason(
  node: NodeProto,
  types: ReadonlyMap<string, ElementType>,
  weights: ReadonlyMap<string, FloatWeight>,
  rules: IslandRules,
): string | null {
  const operatorReason = operatorIslandReason(node, rules);
  if (operatorReason) return operatorReason;
  // Without a type the pass cannot tell whether a Cast is needed: leave the node as it was.
  const untyped = [...node.input, ...node.output].find((name) => name && types.get(name) === undefined);
  if (untyped !== undefined) return `the element type of '${untyped}' cannot be inferred`;
  const overflowing = node.input.find((name) => weights.get(name)?.overflow != null);
  if (overflowing === undefined) return null;
  const largest = weights.get(overflowing)!.overflow;
  return `it reads '${overflowing}', whose values reach ${largest} (float16 ends at 65504)`;
}

/**
 * Inputs whose type ONNX fixes to float32 whatever the other inputs are: Resize scales (and its
 * roi, kept float32 for precision: coordinates computed in float16 misplace samples), Upsample
 * scales. Rounding a scale to float16 changes the output size: floor(3 × fp16(4/3)) = 3, not 4.
 */
export function isFloat32OnlyInput(node: NodeProto, slot: number, opset: number): boolean {
  if (node.opType === 'Resize') return opset >= 11 ? slot === 1 || slot === 2 : slot === 1;
  return node.opType === 'Upsample' && slot === 1;
}

/** Outputs that stay float32 when the node runs in float16: LayerNormalization's mean and inv-std. */
export function isFloat32OnlyOutput(node: NodeProto, slot: number): boolean {
  return node.opType === 'LayerNormalization' && slot > 0;
}

function constantOfShapeReason(node: NodeProto): string | null {
  const value = attribute(node, 'value')?.t;
  if (!value) return 'ConstantOfShape without a value attribute outputs float32 zeros';
  if (value.dataType !== DataType.FLOAT) return null;
  const values = readFloat32Values(value);
  if (!values) return 'its value is stored outside the model file, which this pass does not read';
  const overflow = float16Overflow(values);
  return overflow === null ? null : `its value ${overflow} overflows float16 (max 65504)`;
}
