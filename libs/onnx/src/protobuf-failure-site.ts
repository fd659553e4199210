import type { DescMessage } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { acceptedWireTypes, fieldByNumber, joinPath, messageOf } from './protobuf-wire-types';

/** Where a protobuf message stops being well-formed at the wire level. */
export interface ProtobufFailureSite {
  /** Offset in the whole input of the tag (or length) that could not be read. */
  byteOffset: number;
  /** Field path by proto names, e.g. `graph.node[120].attribute[0].t`; empty at the top level. */
  path: string;
  /** What is wrong there, e.g. `field declares 2304 bytes but only 12 remain`. */
  problem: string;
  /** True when the data stops inside a field (a length overruns the input): the mark of a cut-off file. */
  truncated: boolean;
}

// ONNX nests a handful of levels per subgraph; deeper input is malformed anyway, and following it
// would only risk the stack.
const MAX_DEPTH = 100;

/**
 * Finds the first wire-level defect in `bytes` read as `schema`, descending into message fields.
 * `fromBinary` only says "premature EOF" or "illegal tag"; this says where, so the operator can tell a
 * truncated upload from a file that was never a model. Returns null when the wire format is intact
 * (the parser then failed on something this scan does not check).
 */
export function findProtobufFailure(bytes: Uint8Array, schema: DescMessage): ProtobufFailureSite | null {
  return scan(bytes, 0, bytes.length, schema, '', 0);
}

function scan(
  bytes: Uint8Array,
  start: number,
  end: number,
  schema: DescMessage,
  path: string,
  depth: number,
): ProtobufFailureSite | null {
  const reader = new BinaryReader(bytes.subarray(start, end));
  const seen = new Map<number, number>();
  while (reader.pos < reader.len) {
    const tagOffset = start + reader.pos;
    let fieldNo: number;
    let wireType: WireType;
    try {
      [fieldNo, wireType] = reader.tag();
    } catch (error) {
      return failure(tagOffset, path, error);
    }
    const field = fieldByNumber(schema, fieldNo);
    const index = seen.get(fieldNo) ?? 0;
    seen.set(fieldNo, index + 1);
    const fieldPath = joinPath(path, field, fieldNo, index);
    const expected = field ? acceptedWireTypes(field) : [wireType];
    if (!expected.includes(wireType)) {
      // The parser reads a known field by its declared type whatever the wire says, and then fails
      // somewhere later with a message that points nowhere near the real defect.
      const wanted = expected.map((type) => WireType[type]).join(' or ');
      const problem = `wire type ${WireType[wireType]} where the schema has ${wanted}`;
      return { byteOffset: tagOffset, path: fieldPath, problem, truncated: false };
    }
    if (wireType !== WireType.LengthDelimited) {
      try {
        reader.skip(wireType, fieldNo);
      } catch (error) {
        return failure(tagOffset, fieldPath, error);
      }
      continue;
    }
    let length: number;
    try {
      length = reader.uint32();
    } catch (error) {
      return failure(tagOffset, fieldPath, error);
    }
    const remaining = reader.len - reader.pos;
    if (length > remaining) {
      const problem = `field declares ${length} bytes but only ${remaining} remain`;
      return { byteOffset: tagOffset, path: fieldPath, problem, truncated: true };
    }
    const bodyStart = start + reader.pos;
    const message = messageOf(field);
    if (message && depth < MAX_DEPTH) {
      const inner = scan(bytes, bodyStart, bodyStart + length, message, fieldPath, depth + 1);
      if (inner) return inner;
    }
    reader.pos += length;
  }
  return null;
}

function failure(byteOffset: number, path: string, error: unknown): ProtobufFailureSite {
  const problem = error instanceof Error ? error.message : String(error);
  // BinaryReader raises RangeError ("premature EOF") only when a read runs past the end.
  return { byteOffset, path, problem, truncated: error instanceof RangeError };
}
