import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { type ModelProto, ModelProtoSchema } from 'onnx-buf';
import { InvalidOnnxModelError } from './onnx-model.errors';
import { isModelSkeleton } from './model-skeleton/skeleton-mark';
import { findProtobufFailure, type ProtobufFailureSite } from './protobuf-failure-site';

/**
 * Parses the bytes of an `.onnx` file. Only the protobuf encoding is checked here; call
 * `validateModel` before trusting the content. Unknown fields are kept, so `writeModel` gives back
 * the same bytes for a model that was not changed.
 */
export function readModel(bytes: Uint8Array): ModelProto {
  if (bytes.length === 0) throw emptyModelFile();
  try {
    return fromBinary(ModelProtoSchema, bytes);
  } catch (error) {
    throw describeParseFailure(findProtobufFailure(bytes, ModelProtoSchema), error);
  }
}

/** Serializes a model to the bytes of an `.onnx` file. */
export function writeModel(model: ModelProto): Uint8Array {
  if (isModelSkeleton(model)) {
    // Its tensors have no data: written out, it would be a model whose weights are all missing.
    throw new Error('writeModel was given a model skeleton; read the file with readModel to write it back');
  }
  return toBinary(ModelProtoSchema, model);
}

/** The rejection of a 0-byte file. */
export function emptyModelFile(): InvalidOnnxModelError {
  return new InvalidOnnxModelError('not an ONNX model: the file is empty (0 bytes)', { reason: 'empty' });
}

/**
 * The rejection of a file that does not parse as a ModelProto: where its wire format breaks, or,
 * when it is intact there (`site` null), the parser's own complaint.
 */
export function describeParseFailure(site: ProtobufFailureSite | null, error: unknown): InvalidOnnxModelError {
  if (!site) {
    const cause = error instanceof Error ? error.message : String(error);
    return new InvalidOnnxModelError(`not an ONNX model: protobuf parse failed (${cause})`, {
      reason: 'not_protobuf',
    });
  }
  // A defect inside a known ModelProto field means the file started out as a model; a defect at the
  // top level or in a field ModelProto does not have means it never was one.
  const insideModel = site.path !== '' && !site.path.startsWith('#');
  const truncated = insideModel && site.truncated;
  const hint = truncated
    ? 'the file ends inside a field: the upload is probably truncated'
    : insideModel
      ? 'the file is corrupt'
      : 'the file is not a protobuf-encoded ONNX ModelProto';
  const where = site.path ? ` in ${site.path}` : '';
  return new InvalidOnnxModelError(
    `not an ONNX model: protobuf parse failed at byte ${site.byteOffset}${where} (${site.problem}); ${hint}`,
    {
      reason: truncated ? 'truncated' : 'not_protobuf',
      byteOffset: site.byteOffset,
      ...(site.path ? { path: site.path } : {}),
    },
  );
}
