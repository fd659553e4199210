import { type DescField, type DescMessage, ScalarType } from '@bufbuild/protobuf';
import { WireType } from '@bufbuild/protobuf/wire';

const fieldsByNumber = new Map<DescMessage, ReadonlyMap<number, DescField>>();

/** The field with this number, if the schema has one. */
export function fieldByNumber(schema: DescMessage, fieldNo: number): DescField | undefined {
  let fields = fieldsByNumber.get(schema);
  if (!fields) {
    fields = new Map(schema.fields.map((field) => [field.number, field]));
    fieldsByNumber.set(schema, fields);
  }
  return fields.get(fieldNo);
}

// Shared by the in-memory failure scan (protobuf-failure-site.ts) and the streaming skeleton reader:
// both must call a wire type wrong at the same place, or they would report different sites.

/** The wire types a well-formed encoding of `field` may use. */
export function acceptedWireTypes(field: DescField): WireType[] {
  switch (field.fieldKind) {
    case 'scalar':
      return [scalarWireType(field.scalar)];
    case 'enum':
      return [WireType.Varint];
    case 'list':
      // Repeated numbers may be packed (one length-delimited run) or not (one tag per value).
      if (field.listKind === 'message') return [WireType.LengthDelimited];
      if (field.listKind === 'enum') return [WireType.Varint, WireType.LengthDelimited];
      return [scalarWireType(field.scalar), WireType.LengthDelimited];
    default:
      return [WireType.LengthDelimited];
  }
}

/** The message type of a singular or repeated message field. */
export function messageOf(field: DescField | undefined): DescMessage | undefined {
  if (field?.fieldKind === 'message') return field.message;
  if (field?.fieldKind === 'list' && field.listKind === 'message') return field.message;
  return undefined;
}

function scalarWireType(scalar: ScalarType): WireType {
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WireType.LengthDelimited;
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WireType.Bit64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WireType.Bit32;
    default:
      return WireType.Varint;
  }
}

/** `graph.node[3].attribute[0]`: where a field sits, as both readers report it. */
export function joinPath(path: string, field: DescField | undefined, fieldNo: number, index: number): string {
  const name = field ? field.name : `#${fieldNo}`;
  const indexed = field?.fieldKind === 'list' ? `${name}[${index}]` : name;
  return path ? `${path}.${indexed}` : indexed;
}
