import { isFieldSet } from '@bufbuild/protobuf';
import { type ModelProto, ModelProtoSchema, type ValueInfoProto, Version } from 'onnx-buf';
import { checkExternalData, describeTensor } from './external-data';
import { type TensorVisit, walkAllTensors, walkGraphs } from './graph-walk';
import { InvalidOnnxModelError } from './onnx-model.errors';
import {
  elementCount,
  elementTypeName,
  isExternal,
  isKnownDataType,
  storedDataMismatch,
} from './tensor-size';

/** IR 3 introduced opset imports; older files cannot say which operator versions they mean. */
export const MIN_IR_VERSION = 3;
/** The newest IR version onnx-buf's schema describes; a newer file may use fields it would drop. */
export const MAX_IR_VERSION = Version.IR_VERSION;
/** Edge runtimes such as TFLite keep dimensions in int32; a larger one is a corrupt or hostile file. */
export const MAX_DIMENSION = 2 ** 31 - 1;
/** 16 Gi elements (64 GiB of float32): far beyond any edge device, so a tensor this large is an error. */
export const MAX_ELEMENTS = 2n ** 34n;

/**
 * Checks that a parsed model is one Edgeplane can store and compile, and throws
 * `InvalidOnnxModelError` naming the first problem found. Walks every graph and every tensor,
 * subgraphs included, so nothing is accepted because it is nested.
 */
export function validateModel(model: ModelProto): void {
  checkEnvelope(model);
  for (const { graph, path } of walkGraphs(model)) {
    graph.input.forEach((value, index) => checkDeclaredShape(value, `${path}.input[${index}]`));
    graph.output.forEach((value, index) => checkDeclaredShape(value, `${path}.output[${index}]`));
  }
  for (const visit of walkAllTensors(model)) checkStoredTensor(visit);
}

function checkEnvelope(model: ModelProto): void {
  if (!model.graph) {
    throw new InvalidOnnxModelError('not an ONNX model: it has no graph (ModelProto field 7)', {
      reason: 'missing_graph',
    });
  }
  if (!isFieldSet(model, ModelProtoSchema.field.irVersion)) {
    throw new InvalidOnnxModelError('not an ONNX model: it has no ir_version (ModelProto field 1)', {
      reason: 'missing_ir_version',
    });
  }
  const irVersion = model.irVersion;
  if (irVersion < BigInt(MIN_IR_VERSION) || irVersion > BigInt(MAX_IR_VERSION)) {
    throw new InvalidOnnxModelError(
      `unsupported ONNX IR version ${irVersion}: ` +
        `Edgeplane reads IR versions ${MIN_IR_VERSION} to ${MAX_IR_VERSION}; ` +
        're-export the model with a matching ONNX version',
      { reason: 'unsupported_ir_version' },
    );
  }
  if (model.opsetImport.length === 0) {
    throw new InvalidOnnxModelError(
      'not an ONNX model: it imports no operator set (opset_import is empty), ' +
        'so its operators have no meaning',
      { reason: 'missing_opset_import' },
    );
  }
}

/** Graph inputs and outputs: -1 and symbolic dimensions mean "unknown" and are accepted. */
function checkDeclaredShape(value: ValueInfoProto, path: string): void {
  const type = value.type?.value;
  if (type?.case !== 'tensorType' && type?.case !== 'sparseTensorType') return;
  let fixedElements = 1n;
  for (const [index, dim] of (type.value.shape?.dim ?? []).entries()) {
    if (dim.value.case !== 'dimValue') continue;
    const size = dim.value.value;
    if (size < -1n || size > BigInt(MAX_DIMENSION)) {
      throw new InvalidOnnxModelError(
        `${path} ${JSON.stringify(value.name)} declares dimension ${index} = ${size}; ` +
          `a dimension must be 0 to ${MAX_DIMENSION}, -1 or a symbolic name`,
        { reason: 'absurd_dimension', tensor: value.name, path, dim: index },
      );
    }
    if (size > 0n) fixedElements *= size;
  }
  if (fixedElements > MAX_ELEMENTS) {
    throw tooManyElements(`${path} ${JSON.stringify(value.name)}`, fixedElements, value.name, path);
  }
}

/** Tensors with data (initializers, Constant values, …): every dimension must be known and sane. */
function checkStoredTensor(visit: TensorVisit): void {
  const { tensor, path, label } = visit;
  const name = `tensor ${describeTensor(visit)}`;
  if (!isKnownDataType(tensor.dataType)) {
    const type = elementTypeName(tensor.dataType);
    throw new InvalidOnnxModelError(`${name} has data type ${type}, which ONNX does not define`, {
      reason: 'unknown_data_type',
      tensor: label,
      path,
    });
  }
  for (const [index, size] of tensor.dims.entries()) {
    if (size < 0n || size > BigInt(MAX_DIMENSION)) {
      throw new InvalidOnnxModelError(
        `${name} has dimension ${index} = ${size}; ` +
          `a stored tensor's dimensions must be 0 to ${MAX_DIMENSION}`,
        { reason: 'absurd_dimension', tensor: label, path, dim: index },
      );
    }
  }
  const count = elementCount(tensor);
  if (count > MAX_ELEMENTS) throw tooManyElements(name, count, label, path);
  if (isExternal(tensor)) {
    checkExternalData(visit);
    return;
  }
  const mismatch = storedDataMismatch(tensor);
  if (mismatch) {
    const message = `${name} ${mismatch}; the file is corrupt or was written by a faulty exporter`;
    throw new InvalidOnnxModelError(message, { reason: 'data_size_mismatch', tensor: label, path });
  }
}

function tooManyElements(
  subject: string,
  count: bigint,
  tensor: string,
  path: string,
): InvalidOnnxModelError {
  return new InvalidOnnxModelError(
    `${subject} has ${count} elements, more than the limit of ${MAX_ELEMENTS} (2^34)`,
    { reason: 'too_many_elements', tensor, path },
  );
}
