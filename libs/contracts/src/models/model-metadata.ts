/** Shape and element type of one graph input or output, as declared in the model. */
export interface TensorInfo {
  /** Value name in the graph; the name a runtime feeds or fetches. */
  name: string;
  /** `float32`, `float16`, `int8`, `uint8`, `int64`, …; `sequence`, `map`, `optional`, `sparse_tensor:<type>` otherwise. */
  elementType: string;
  /** Per dim: number = fixed, string = symbolic `dim_param`, null = unknown; null when the rank is unknown. */
  shape: (number | string | null)[] | null;
}

/** A tensor whose bytes live in a file beside the model instead of inside it. */
export interface ExternalDataRef {
  /** Tensor name, or its path in the model (`graph.node[3].attribute[0].t`) when it has none. */
  tensor: string;
  /** File path relative to the model's directory, as written in the model. */
  location: string;
  /** Byte offset of the data in that file, or null when not given (0). */
  offset: number | null;
  /** Byte length of the data, or null when not given (to the end of the file). */
  length: number | null;
}

/** What Edgeplane learned from an uploaded ONNX model; returned by the API and stored with the model. */
export interface ModelMetadata {
  /** ONNX IR version of the file (`ModelProto.ir_version`). */
  irVersion: number;
  /** Tool that wrote the model, as it names itself; empty strings when not recorded. */
  producer: { name: string; version: string };
  /** Operator sets the model imports; domain `''` is the default ONNX domain. */
  opsets: { domain: string; version: number }[];
  /** Inputs a runtime must feed (graph inputs that have no initializer of the same name). */
  inputs: TensorInfo[];
  /** Outputs of the main graph. */
  outputs: TensorInfo[];
  /** Node count per operator over the main graph and all subgraphs; key `Op`, or `domain:Op` outside ai.onnx. */
  operators: Record<string, number>;
  /** Nodes in the main graph and all subgraphs (model-local function bodies are not expanded). */
  nodeCount: number;
  /** Weight elements: initializers plus `Constant` node tensors, subgraphs included. */
  parameterCount: number;
  /** Bytes of those weights at their element types, whether stored in the file or externally. */
  weightBytes: number;
  /** Every tensor whose data is stored outside the model file. */
  externalData: ExternalDataRef[];
  /** Whether any node carries a subgraph (`If`, `Loop`, `Scan` bodies). */
  hasSubgraphs: boolean;
}
