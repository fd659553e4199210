import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { type FileWindow, WINDOW_BYTES } from './file-window';

// A varint takes at most 10 bytes, so a reader over this many bytes fails exactly where one over
// the whole rest of the message would.
const VARINT_LOOKAHEAD = 16;
// BinaryReader's default when it skips nested groups.
const GROUP_NESTING_LIMIT = 100;

/**
 * Protobuf wire reading over a file, a window at a time. Every method takes the end of the message
 * being read and fails as `BinaryReader` does on a buffer that ends there, with the same errors
 * (a `RangeError` "premature EOF" when data runs past it), so that the failure sites it leads to
 * match those `findProtobufFailure` reports for the same bytes in memory.
 */
export class WireCursor {
  /** Offset in the file of the next byte to read. */
  position = 0;

  constructor(private readonly file: FileWindow) {}

  /** A field's number and wire type, as `BinaryReader.tag()`. */
  tag(end: number): Promise<[number, WireType]> {
    return this.readVarint(end, (reader) => reader.tag());
  }

  /** An unsigned 32-bit varint: the length of a length-delimited field. */
  uint32(end: number): Promise<number> {
    return this.readVarint(end, (reader) => reader.uint32());
  }

  /** Moves past one field value, as `BinaryReader.skip`. */
  async skip(wireType: WireType, fieldNo: number, end: number, nestingLimit = GROUP_NESTING_LIMIT): Promise<void> {
    switch (wireType) {
      case WireType.Varint:
        await this.skipVarint(end);
        break;
      case WireType.Bit64:
        this.position += 8;
        break;
      case WireType.Bit32:
        this.position += 4;
        break;
      case WireType.LengthDelimited:
        this.position += await this.uint32(end);
        break;
      case WireType.StartGroup:
        await this.skipGroup(fieldNo, end, nestingLimit);
        break;
      default:
        throw new Error(`cant skip wire type ${wireType}`);
    }
    if (this.position > end) throw new RangeError('premature EOF');
  }

  /**
   * How many varints a packed field's body holds, up to `end`. A last varint that the body cuts off
   * counts too: the parser reads it on into the bytes that follow.
   */
  async countVarints(end: number): Promise<number> {
    let count = 0;
    let last = 0;
    while (this.position < end) {
      const bytes = await this.file.view(this.position, Math.min(WINDOW_BYTES, end - this.position));
      for (const byte of bytes) if ((byte & 0x80) === 0) count += 1;
      last = bytes[bytes.length - 1];
      this.position += bytes.length;
    }
    return last & 0x80 ? count + 1 : count;
  }

  private async readVarint<T>(end: number, read: (reader: BinaryReader) => T): Promise<T> {
    const bytes = await this.file.view(this.position, Math.min(VARINT_LOOKAHEAD, end - this.position));
    const reader = new BinaryReader(bytes);
    const value = read(reader);
    this.position += reader.pos;
    return value;
  }

  /** Up to the first byte without the continuation bit; one past `end` when there is none before it. */
  private async skipVarint(end: number): Promise<void> {
    while (this.position < end) {
      const bytes = await this.file.view(this.position, Math.min(WINDOW_BYTES, end - this.position));
      const last = bytes.findIndex((byte) => (byte & 0x80) === 0);
      if (last >= 0) {
        this.position += last + 1;
        return;
      }
      this.position += bytes.length;
    }
    this.position = end + 1;
  }

  private async skipGroup(fieldNo: number, end: number, nestingLimit: number): Promise<void> {
    if (nestingLimit <= 0) throw new Error('maximum recursion depth reached');
    for (;;) {
      const [innerNo, innerType] = await this.tag(end);
      if (innerType === WireType.EndGroup) {
        if (innerNo !== fieldNo) throw new Error('invalid end group tag');
        return;
      }
      await this.skip(innerType, innerNo, end, nestingLimit - 1);
    }
  }
}
