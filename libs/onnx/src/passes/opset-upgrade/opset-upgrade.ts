import { clone } from '@bufbuild/protobuf';
import { type ModelProto, ModelProtoSchema, type NodeProto } from 'onnx-buf';
import { walkGraphs } from '../../graph-walk';
import { isDefaultDomain } from '../node-attributes';
import { compatibleStepReason } from './compatible-steps';
import { converterFor } from './conversion-steps';
import {
  DEPRECATED_SINCE,
  MAX_TARGET_OPSET,
  MIN_SOURCE_OPSET,
  nextVersion,
  OPERATOR_VERSIONS,
  versionAt,
} from './operator-history';
import { OpsetUpgradeUnsupportedError, UnsupportedNodeError } from './opset-upgrade.errors';
import { ProblemLog } from './problem-log';
import { ModelTables, UpgradeContext } from './upgrade-context';

/** The opset the quantization passes need: per-axis DequantizeLinear arrived at 13. */
export const DEFAULT_TARGET_OPSET = 13;

/** The IR version each ONNX release paired with these opsets (docs/Versioning.md). */
const MIN_IR_VERSION: Readonly<Record<number, bigint>> = { 9: 4n, 10: 5n, 11: 6n, 12: 7n, 13: 7n };

/**
 * Returns a copy of the model whose default-domain opset is `target`, with every node whose
 * operator changed schema between the model's opset and `target` rewritten to keep its meaning,
 * in the main graph and in every subgraph. Nodes of other domains are left alone. The input
 * model is not changed. Throws OpsetUpgradeUnsupportedError, naming every offending operator,
 * when some node cannot be carried over faithfully; nothing is returned half-converted.
 */
export function upgradeOpset(model: ModelProto, target = DEFAULT_TARGET_OPSET): ModelProto {
  const source = checkOpsets(model, target);
  const upgraded = clone(ModelProtoSchema, model);
  if (source === target) return upgraded;

  const tables = new ModelTables(upgraded);
  const problems = new ProblemLog();
  for (const { graph, path } of [...walkGraphs(upgraded)]) {
    const context = new UpgradeContext(tables, graph);
    graph.node = graph.node.flatMap((node, index) => {
      if (!isDefaultDomain(node.domain)) return [node];
      const origin = node.opType;
      try {
        return upgradeNode(node, source, target, context);
      } catch (error) {
        if (!(error instanceof UnsupportedNodeError)) throw error;
        problems.add(origin, error.message, `${path}.node[${index}]`, node.name);
        return [node];
      }
    });
  }
  problems.throwIfAny(source, target);

  for (const opset of upgraded.opsetImport) {
    if (isDefaultDomain(opset.domain)) opset.version = BigInt(target);
  }
  const minIrVersion = MIN_IR_VERSION[target] ?? 0n;
  if (upgraded.irVersion < minIrVersion) upgraded.irVersion = minIrVersion;
  return upgraded;
}

/** Walks the node through every schema step between the two opsets; returns it with added nodes. */
function upgradeNode(node: NodeProto, source: number, target: number, context: UpgradeContext): NodeProto[] {
  const origin = node.opType;
  let version = versionAt(origin, source);
  if (version === undefined) throw new UnsupportedNodeError(unknownOperator(origin, source));
  // A deprecated operator has no schema left to run it: replace it even at its deprecation opset.
  if (DEPRECATED_SINCE[origin] === version) version -= 1;
  const before: NodeProto[] = [];
  const after: NodeProto[] = [];
  // The op type may change on the way (Upsample becomes Resize): look the next step up each time.
  let next = nextVersion(origin, version, target);
  while (next !== undefined) {
    const convert = converterFor(node.opType, next);
    if (convert) {
      const added = convert(node, context, origin);
      before.push(...(added?.before ?? []));
      after.unshift(...(added?.after ?? []));
    } else if (!compatibleStepReason(node.opType, next)) {
      throw new UnsupportedNodeError(`no conversion is known into ${node.opType}-${next}`);
    }
    version = next;
    next = nextVersion(node.opType, version, target);
  }
  return [...before, node, ...after];
}

function unknownOperator(opType: string, opset: number): string {
  const versions = OPERATOR_VERSIONS[opType];
  if (!versions) return `not an operator of the default ONNX domain up to opset ${MAX_TARGET_OPSET}`;
  return `does not exist at opset ${opset} (it was introduced at ${versions[0]}); the model is invalid`;
}

/** The model's default-domain opset, after checking that an upgrade to `target` can be attempted. */
function checkOpsets(model: ModelProto, target: number): number {
  const declared = model.opsetImport.find((opset) => isDefaultDomain(opset.domain));
  const source = declared ? Number(declared.version) : 0;
  const refuse = (summary: string) =>
    new OpsetUpgradeUnsupportedError(summary, { fromOpset: source, toOpset: target, problems: [] });
  if (!Number.isInteger(target) || target > MAX_TARGET_OPSET) {
    throw refuse(`opsets up to ${MAX_TARGET_OPSET} are supported`);
  }
  if (!declared) throw refuse('the model imports no default-domain opset');
  if (source > target) throw refuse('lowering the opset is not supported');
  if (source < MIN_SOURCE_OPSET) throw refuse(`models below opset ${MIN_SOURCE_OPSET} are not supported`);
  const usesFunctions = model.functions.some((f) => f.opsetImport.some((o) => isDefaultDomain(o.domain)));
  if (usesFunctions && source !== target) {
    throw refuse('model-local functions are not converted (they carry their own default-domain opset)');
  }
  return source;
}
