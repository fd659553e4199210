import { type DescMessage, type Message, mergeFromBinary } from '@bufbuild/protobuf';

/**
 * The fields of one message that the skeleton keeps as they are (names, dims, types, attributes…),
 * copied from the file and decoded a run at a time by the protobuf library itself, so that they get
 * its exact semantics (repeated fields append, a repeated singular field merges or wins, unknown
 * fields are kept). A run ends where the reader descends into a child, so decoding follows file order
 * and the first parse error is the one the whole-file parser would meet first.
 */
export class KeptFields {
  private pieces: Uint8Array[] = [];

  constructor(
    private readonly schema: DescMessage,
    private readonly target: Message,
    /** Nesting the parser still allows below this message, so that depth limits agree. */
    private readonly recursionLimit: number,
    private readonly onParseError: (error: unknown) => void,
  ) {}

  /** Adds one whole field: tag and value. */
  add(field: Uint8Array): void {
    this.pieces.push(field);
  }

  /** Decodes the fields added since the last flush into the target. */
  flush(): void {
    if (this.pieces.length === 0) return;
    const run = concatenate(this.pieces);
    this.pieces = [];
    try {
      mergeFromBinary(this.schema, this.target, run, { recursionLimit: this.recursionLimit });
    } catch (error) {
      this.onParseError(error);
    }
  }
}

// Not Buffer.concat: decoded bytes fields are views of the run, and they should be plain Uint8Arrays
// like those readModel gives.
function concatenate(pieces: Uint8Array[]): Uint8Array {
  const run = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    run.set(piece, offset);
    offset += piece.length;
  }
  return run;
}
