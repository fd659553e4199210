import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel, writeModel } from './model-io';
import { validateModel } from './model-validation';
import { InvalidOnnxModelError } from './onnx-model.errors';
import { model, type RealModelName, realModelBytes, seededBytes } from './testing/onnx-test-models';

const REAL_MODELS: RealModelName[] = ['cls', 'det', 'rec'];

/** What an upload goes through before anything is stored. */
function accept(bytes: Uint8Array): void {
  validateModel(readModel(bytes));
}

function rejectionOf(bytes: Uint8Array): InvalidOnnxModelError {
  try {
    accept(bytes);
  } catch (error: unknown) {
    if (error instanceof InvalidOnnxModelError) return error;
    throw error;
  }
  throw new Error(`expected ${bytes.length} bytes to be rejected, but they were accepted`);
}

describe('readModel / writeModel', () => {
  it.each(REAL_MODELS)('writes the %s model back byte for byte', (name) => {
    const bytes = realModelBytes(name);

    const sut = writeModel(readModel(bytes));

    expect(sut.length).toBe(bytes.length);
    expect(Buffer.compare(Buffer.from(sut), Buffer.from(bytes))).toBe(0);
  });

  it('keeps fields this schema does not know through a round trip', () => {
    const bytes = writeModel(model());
    // Field 99, wire type varint, value 1: as a newer ONNX might write.
    const withUnknown = new Uint8Array([...bytes, 0x98, 0x06, 0x01]);

    expect(Array.from(writeModel(readModel(withUnknown)))).toEqual(Array.from(withUnknown));
  });

  it('rejects an empty upload', () => {
    expect(() => readModel(new Uint8Array())).toThrow('not an ONNX model: the file is empty (0 bytes)');
  });

  it.each([0.5, 0.99])('rejects the classifier cut at %p of its length as truncated', (fraction) => {
    const bytes = realModelBytes('cls');
    const cut = bytes.subarray(0, Math.floor(bytes.length * fraction));

    const sut = rejectionOf(cut);

    expect(sut.details).toMatchObject({ reason: 'truncated', path: 'graph' });
    // The file opens with ir_version (08 08), then the graph's tag (3a) at byte 2 and its length
    // as a 3-byte varint (8a ab 23 = 578954): the graph's body starts at byte 6.
    const remaining = cut.length - 6;
    expect(sut.message).toBe(
      'not an ONNX model: protobuf parse failed at byte 2 in graph ' +
        `(field declares 578954 bytes but only ${remaining} remain); ` +
        'the file ends inside a field: the upload is probably truncated',
    );
  });

  it.each([1, 2, 100, 10_000])('rejects the recognizer cut short by %i bytes', (missing) => {
    const bytes = realModelBytes('rec');

    expect(rejectionOf(bytes.subarray(0, bytes.length - missing)).details.reason).toBe('truncated');
  });

  it('names the nested field where the wire format breaks', () => {
    // graph (field 7, 3 bytes) { node (field 1, 1 byte) { 0x07: field 0, wire type 7 — no such thing } }
    const bytes = new Uint8Array([0x3a, 0x03, 0x0a, 0x01, 0x07]);

    const sut = rejectionOf(bytes);

    expect(sut.details).toMatchObject({ reason: 'not_protobuf', byteOffset: 4, path: 'graph.node[0]' });
    expect(sut.message).toContain('at byte 4 in graph.node[0] (illegal tag: field no 0 wire type 7)');
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('rejects seeded random bytes (seed %i)', (seed) => {
    const sut = rejectionOf(seededBytes(seed, 4096));

    expect(sut.message).toMatch(/^not an ONNX model: /);
  });

  it('rejects well-formed protobuf that is not a ModelProto, because it holds no graph', () => {
    // Fields 30 (varint) and 31 (64-bit): ModelProto has neither, so both parse as unknown fields.
    const bytes = new Uint8Array([0xf0, 0x01, 0x01, 0xf9, 0x01, 1, 2, 3, 4, 5, 6, 7, 8]);

    expect(rejectionOf(bytes).message).toBe('not an ONNX model: it has no graph (ModelProto field 7)');
  });

  it('points at a known field written with the wrong wire type', () => {
    // Field 6 is doc_string (length-delimited), written here as a 64-bit value.
    const bytes = new Uint8Array([0x28, 0x01, 0x31, 1, 2, 3, 4, 5, 6, 7, 8]);

    const sut = rejectionOf(bytes);

    expect(sut.details).toMatchObject({ reason: 'not_protobuf', byteOffset: 2, path: 'doc_string' });
    expect(sut.message).toContain('wire type Bit64 where the schema has LengthDelimited');
  });

  it.each([
    ['a README', readFileSync(join(__dirname, '../../../node_modules/onnx-buf/README.md'))],
    ['UTF-8 text', Buffer.from('# Modell für die Kamera ✓\nGewichte: siehe weights.bin\n', 'utf8')],
    ['JSON', Buffer.from('{"irVersion": 8, "graph": {}}')],
  ])('rejects %s as not an ONNX model', (_, text) => {
    expect(rejectionOf(text).message).toMatch(/^not an ONNX model: /);
  });
});
