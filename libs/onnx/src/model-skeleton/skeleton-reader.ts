import { create, type DescField, type DescMessage, isMessage, type Message } from '@bufbuild/protobuf';
import { WireType } from '@bufbuild/protobuf/wire';
import { type ModelProto, ModelProtoSchema, TensorProtoSchema } from 'onnx-buf';
import { describeParseFailure, emptyModelFile } from '../model-io';
import { findProtobufFailure, type ProtobufFailureSite } from '../protobuf-failure-site';
import { FileWindow } from './file-window';
import { KeptFields } from './kept-fields';
import { markModelSkeleton } from './skeleton-mark';
import { holdsTensors } from './tensor-holders';
import { skeletonPayload, type TensorPayload, TYPED_DATA_FIELDS, type TypedDataField } from './tensor-payload';
import { WireCursor } from './wire-cursor';
import { acceptedWireTypes, fieldByNumber, joinPath, messageOf } from '../protobuf-wire-types';

// The parser's recursion limit, which protobuf-failure-site.ts shares: deeper input is malformed.
const MAX_DEPTH = 100;

/** TensorProto's data fields: measured and skipped, never held. */
const PAYLOAD_FIELDS: ReadonlySet<string> = new Set(['raw_data', ...TYPED_DATA_FIELDS]);

/** Bytes per entry of the fixed-size typed data fields; the others are varints. */
const FIXED_ENTRY_BYTES: Partial<Record<TypedDataField, number>> = { float_data: 4, double_data: 8 };

/**
 * Reads the `.onnx` file at `path` into a skeleton: the ModelProto `readModel` would give, except
 * that its tensors leave out their data (raw_data and the typed data fields) and record how much
 * there was, so `validateModel` and `inspectModel` give the same answers. The file is read a window
 * at a time and tensor data is never held, so a 2 GiB model costs about what its graph does.
 * Rejects as readModel does, with the same byte offsets and field paths. A skeleton is for
 * inspection only: `writeModel` refuses it.
 */
export async function readModelSkeleton(path: string): Promise<ModelProto> {
  const file = await FileWindow.open(path);
  try {
    if (file.size === 0) throw emptyModelFile();
    const model = await new SkeletonReader(file).read();
    markModelSkeleton(model);
    return model;
  } finally {
    await file.close();
  }
}

/** A message being read: where it ends, how deep it is, and what it collects. */
interface OpenMessage {
  target: Message;
  end: number;
  depth: number;
  /** Present when the message is a TensorProto. */
  payload: TensorPayload | undefined;
  kept: KeptFields;
}

/** A field whose tag was just read. */
interface FieldAt {
  field: DescField;
  wireType: WireType;
  tagOffset: number;
  path: string;
}

/** The first wire-level defect in the file, where `findProtobufFailure` would report it. */
class WireDefect extends Error {
  constructor(readonly site: ProtobufFailureSite) {
    super(site.problem);
  }
}

/**
 * Walks the messages that hold tensors field by field, checking the wire format as
 * `findProtobufFailure` does, and hands every other field to the protobuf library whole: they are
 * small next to the data (names, shapes, attributes), and decoding them there keeps its semantics
 * without re-encoding anything.
 */
class SkeletonReader {
  private readonly cursor: WireCursor;
  /** The first error the parser raises where the wire format is intact. */
  private parseError: { error: unknown } | undefined;

  constructor(private readonly file: FileWindow) {
    this.cursor = new WireCursor(file);
  }

  async read(): Promise<ModelProto> {
    const model = create(ModelProtoSchema);
    try {
      await this.message(ModelProtoSchema, model, this.file.size, '', 0);
    } catch (error) {
      if (error instanceof WireDefect) throw describeParseFailure(error.site, error);
      throw error;
    }
    // Like readModel: a defect anywhere in the file explains a parse error better than the parser does.
    if (this.parseError) throw describeParseFailure(null, this.parseError.error);
    return model;
  }

  /** Reads the body of a message that holds tensors, up to `end`, into `target`. */
  private async message(schema: DescMessage, target: Message, end: number, path: string, depth: number) {
    if (depth >= MAX_DEPTH) {
      this.parserFails(new Error(`cannot decode ${schema} from binary: maximum recursion depth of ${MAX_DEPTH} reached`));
    }
    const payload = isMessage(target, TensorProtoSchema) ? skeletonPayload(target) : undefined;
    const kept = new KeptFields(schema, target, MAX_DEPTH - depth, (error) => this.parserFails(error));
    const open: OpenMessage = { target, end, depth, payload, kept };
    const seen = new Map<number, number>();
    while (this.cursor.position < end) {
      const tagOffset = this.cursor.position;
      const [fieldNo, wireType] = await this.at(tagOffset, path, () => this.cursor.tag(end));
      const field = fieldByNumber(schema, fieldNo);
      const index = seen.get(fieldNo) ?? 0;
      seen.set(fieldNo, index + 1);
      const fieldPath = joinPath(path, field, fieldNo, index);
      if (field) {
        checkWireType(field, wireType, tagOffset, fieldPath);
        await this.field(open, { field, wireType, tagOffset, path: fieldPath });
      } else {
        // Checked like the rest, but left out: inspection has no use for unknown fields.
        await this.at(tagOffset, fieldPath, () => this.cursor.skip(wireType, fieldNo, end));
      }
    }
    kept.flush();
  }

  /** One known field of an open message: measured, descended into, or kept as it is. */
  private async field(open: OpenMessage, fieldAt: FieldAt) {
    const { field, wireType, tagOffset, path } = fieldAt;
    const at = <T>(read: () => Promise<T>) => this.at(tagOffset, path, read);
    const { payload, end } = open;
    if (payload && PAYLOAD_FIELDS.has(field.name)) {
      await at(() => this.measure(fieldAt, end, payload));
      return;
    }
    if (wireType !== WireType.LengthDelimited) {
      await at(() => this.cursor.skip(wireType, field.number, end));
      open.kept.add(await this.file.copy(tagOffset, this.cursor.position - tagOffset));
      return;
    }
    const bodyEnd = await at(() => this.lengthDelimitedEnd(end, tagOffset, path));
    const inner = messageOf(field);
    if (inner && holdsTensors(inner)) {
      open.kept.flush();
      if (open.depth < MAX_DEPTH) await this.child(field, inner, open.target, bodyEnd, path, open.depth + 1);
    } else {
      const bodyStart = this.cursor.position;
      const bytes = await this.file.copy(tagOffset, bodyEnd - tagOffset);
      if (inner && open.depth < MAX_DEPTH) checkInMemory(bytes.subarray(bodyStart - tagOffset), inner, bodyStart, path);
      open.kept.add(bytes);
    }
    this.cursor.position = bodyEnd;
  }

  /** Reads a child that holds tensors into its place in `parent`, merging a repeated singular one as the parser does. */
  private async child(field: DescField, schema: DescMessage, parent: Message, end: number, path: string, depth: number) {
    const slots = parent as unknown as Record<string, unknown>;
    if (field.fieldKind === 'list') {
      const item = create(schema);
      await this.message(schema, item, end, path, depth);
      (slots[field.localName] as Message[]).push(item);
      return;
    }
    const item = (slots[field.localName] as Message | undefined) ?? create(schema);
    await this.message(schema, item, end, path, depth);
    slots[field.localName] = item;
  }

  /** Counts one occurrence of a tensor data field into the payload, reading past its values. */
  private async measure({ field, wireType, tagOffset, path }: FieldAt, end: number, payload: TensorPayload) {
    const name = field.name as TypedDataField | 'raw_data';
    if (wireType !== WireType.LengthDelimited) {
      await this.cursor.skip(wireType, field.number, end);
      payload.entries[name as TypedDataField] += 1; // an unpacked number: the only other wire type accepted
      return;
    }
    const bodyEnd = await this.lengthDelimitedEnd(end, tagOffset, path);
    const length = bodyEnd - this.cursor.position;
    if (name === 'raw_data') {
      payload.rawDataBytes = length; // a singular field: the last occurrence wins
    } else if (name === 'string_data') {
      payload.entries.string_data += 1;
      payload.stringDataBytes += length;
    } else {
      // Packed numbers; a run cut short still yields its last, partial entry, as the parser reads on.
      const entryBytes = FIXED_ENTRY_BYTES[name];
      payload.entries[name] += entryBytes ? Math.ceil(length / entryBytes) : await this.cursor.countVarints(bodyEnd);
    }
    this.cursor.position = bodyEnd;
  }

  /** Reads a length-delimited field's length; its body must fit in the enclosing message. */
  private async lengthDelimitedEnd(end: number, tagOffset: number, fieldPath: string): Promise<number> {
    const length = await this.cursor.uint32(end);
    const remaining = end - this.cursor.position;
    if (length > remaining) {
      const problem = `field declares ${length} bytes but only ${remaining} remain`;
      throw new WireDefect({ byteOffset: tagOffset, path: fieldPath, problem, truncated: true });
    }
    return this.cursor.position + length;
  }

  /** Runs wire reads, turning what BinaryReader throws into the defect site the scan would report. */
  private async at<T>(byteOffset: number, path: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof WireDefect) throw error;
      const problem = error instanceof Error ? error.message : String(error);
      // BinaryReader raises RangeError ("premature EOF") only when a read runs past the end.
      throw new WireDefect({ byteOffset, path, problem, truncated: error instanceof RangeError });
    }
  }

  private parserFails(error: unknown): void {
    this.parseError ??= { error };
  }
}

function checkWireType(field: DescField, wireType: WireType, byteOffset: number, path: string): void {
  const expected = acceptedWireTypes(field);
  if (expected.includes(wireType)) return;
  // The parser reads a known field by its declared type whatever the wire says, and then fails
  // somewhere later, or quietly reads garbage: either way the defect is here.
  const wanted = expected.map((type) => WireType[type]).join(' or ');
  const problem = `wire type ${WireType[wireType]} where the schema has ${wanted}`;
  throw new WireDefect({ byteOffset, path, problem, truncated: false });
}

/**
 * Scans a kept message's body, already in memory, for defects, placing them in the whole file. (The
 * scan counts its depth from this body; the two could differ only past 100 levels of nesting.)
 */
function checkInMemory(body: Uint8Array, schema: DescMessage, bodyStart: number, path: string): void {
  const site = findProtobufFailure(body, schema);
  if (!site) return;
  throw new WireDefect({
    ...site,
    byteOffset: bodyStart + site.byteOffset,
    path: site.path ? `${path}.${site.path}` : path,
  });
}
