import { create } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  type NodeProto,
  NodeProtoSchema,
  TensorProto_DataType as DataType,
} from 'onnx-buf';
import type { Precision } from './precision-plan';
import type { UniqueNames } from './unique-names';

const ELEMENT_TYPE: Record<Precision, DataType> = { fp16: DataType.FLOAT16, fp32: DataType.FLOAT };

/**
 * Tracks, for each float32 tensor of one graph, which name holds its value in which precision,
 * and makes the Cast when a reader wants a precision no name holds yet. One Cast per tensor and
 * precision, shared by all later readers.
 */
export class CastPlacement {
  private readonly holders = new Map<string, Map<Precision, string>>();
  private casts = 0;

  constructor(
    /** The precision the tensor's own producer writes it in. */
    private readonly producedIn: (name: string) => Precision,
    private readonly names: UniqueNames,
  ) {}

  /** Cast nodes made so far. */
  get castsInserted(): number {
    return this.casts;
  }

  /** The name holding `name` in `wanted` precision; a new Cast goes to `emit` when none does yet. */
  read(name: string, wanted: Precision, emit: (cast: NodeProto) => void): string {
    const known = this.holdersOf(name);
    const existing = known.get(wanted);
    if (existing !== undefined) return existing;
    const output = this.names.claimTensor(`${name}_${wanted}`);
    emit(this.cast(known.get(this.producedIn(name))!, wanted, output));
    known.set(wanted, output);
    return output;
  }

  /**
   * For a graph output produced in float16: its producer writes the returned float16 name, and the
   * returned Cast (to place right after the producer) writes the original name in float32.
   */
  keepOutputName(name: string): { float16Name: string; cast: NodeProto } {
    const float16Name = this.names.claimTensor(`${name}_fp16`);
    this.holders.set(name, new Map([['fp16', float16Name], ['fp32', name]]));
    return { float16Name, cast: this.cast(float16Name, 'fp32', name) };
  }

  /** The precision `name` itself now holds (float32 for an output renamed by keepOutputName). */
  precisionOfName(name: string): Precision {
    return this.holders.get(name)?.get('fp32') === name ? 'fp32' : this.producedIn(name);
  }

  private holdersOf(name: string): Map<Precision, string> {
    const known = this.holders.get(name) ?? new Map([[this.producedIn(name), name]]);
    this.holders.set(name, known);
    return known;
  }

  private cast(input: string, to: Precision, output: string): NodeProto {
    this.casts += 1;
    return create(NodeProtoSchema, {
      opType: 'Cast',
      name: this.names.claimNode(`${output}_cast`),
      input: [input],
      output: [output],
      attribute: [{ name: 'to', type: AttributeType.INT, i: BigInt(ELEMENT_TYPE[to]) }],
    });
  }
}
