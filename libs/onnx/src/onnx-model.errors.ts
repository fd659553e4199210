import { EdgeplaneError } from '@edgeplane/contracts';

/** Why an upload is not a usable ONNX model; stable values that clients may branch on. */
export type InvalidOnnxReason =
  | 'empty'
  | 'not_protobuf'
  | 'truncated'
  | 'missing_graph'
  | 'missing_ir_version'
  | 'unsupported_ir_version'
  | 'missing_opset_import'
  | 'external_data_missing_location'
  | 'external_data_outside_model_dir'
  | 'external_data_bad_range'
  | 'absurd_dimension'
  | 'too_many_elements'
  | 'unknown_data_type'
  | 'data_size_mismatch'
  | 'nul_character';

/** Facts about the rejection, for clients that point at the offending part. */
export type InvalidOnnxModelDetails = {
  /** Stable reason code. */
  reason: InvalidOnnxReason;
  /** Byte offset in the upload where parsing failed, when known. */
  byteOffset?: number;
  /** Path of the offending part inside the model, e.g. `graph.node[3].attribute[0].t`. */
  path?: string;
  /** Name of the offending tensor or value, when it has one. */
  tensor?: string;
  /** Index of the offending dimension. */
  dim?: number;
  /** The offending external data location. */
  location?: string;
};

/**
 * The uploaded bytes are not an ONNX ModelProto Edgeplane can accept. The message is read by the
 * operator: it says what is wrong and where, prefixed by what kind of problem it is.
 */
export class InvalidOnnxModelError extends EdgeplaneError {
  constructor(
    message: string,
    override readonly details: Readonly<InvalidOnnxModelDetails>,
  ) {
    super('invalid', 'model.invalid_onnx', message, details);
  }
}
