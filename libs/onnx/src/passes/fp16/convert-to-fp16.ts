import { clone } from '@bufbuild/protobuf';
import { type GraphProto, type ModelProto, ModelProtoSchema } from 'onnx-buf';
import { rewriteGraph } from './graph-rewrite';
import type { IslandRules } from './fp32-islands';
import { type KeptTensor, planGraph, type TensorFacts } from './precision-plan';
import { subgraphsOf } from './tensor-uses';
import { UniqueNames } from './unique-names';

/** Options of `convertToFp16`. */
export interface Fp16ConversionOptions {
  /** Operator types to keep in float32 besides the built-in ones (e.g. `['Softmax']`). */
  keepFp32Ops?: string[];
}

/** What `convertToFp16` changed. */
export interface Fp16ConversionReport {
  /** Weights (initializers, Constant and ConstantOfShape values) now stored as float16. */
  convertedTensors: number;
  /** Float32 weights and activations left in float32, each with the rule that kept it. */
  keptFp32: KeptTensor[];
  /** Cast nodes added at the borders between float16 and float32. */
  castsInserted: number;
}

/** The converted model and its report. */
export interface Fp16ConversionResult {
  model: ModelProto;
  report: Fp16ConversionReport;
}

/**
 * A copy of `model` computing in float16: weights and activations float16, with float32 islands
 * where values overflow float16 or operators need float32 (see precision-plan.ts and
 * fp32-islands.ts), Casts at their borders. Graph inputs and outputs keep their names and float32
 * types, so callers do not change. Subgraphs are converted too; `model` itself is not modified.
 * Works at the model's own opset: Cast and float16 exist in every opset.
 */
export function convertToFp16(model: ModelProto, options: Fp16ConversionOptions = {}): Fp16ConversionResult {
  const converted = clone(ModelProtoSchema, model);
  const report: Fp16ConversionReport = { convertedTensors: 0, keptFp32: [], castsInserted: 0 };
  if (!converted.graph) return { model: converted, report };
  const rules: IslandRules = {
    opset: defaultDomainOpset(converted),
    keepFp32Ops: new Set(options.keepFp32Ops ?? []),
  };
  const names = new UniqueNames(converted);
  const convertGraph = (graph: GraphProto, outer: ReadonlyMap<string, TensorFacts>) => {
    const plan = planGraph(graph, outer, rules);
    const rewrite = rewriteGraph(graph, plan, names);
    report.convertedTensors += rewrite.convertedTensors;
    report.castsInserted += rewrite.castsInserted;
    report.keptFp32.push(...plan.keptFp32);
    for (const subgraph of graph.node.flatMap(subgraphsOf)) convertGraph(subgraph, rewrite.visible);
  };
  convertGraph(converted.graph, new Map());
  return { model: converted, report };
}

function defaultDomainOpset(model: ModelProto): number {
  const entry = model.opsetImport.find(({ domain }) => domain === '' || domain === 'ai.onnx');
  // Models without an entry for the default domain use its oldest operators.
  return entry ? Number(entry.version) : 1;
}
