// Thin typed helpers over onnx-proto's protobufjs classes: initializers, nodes and graph I/O for a
// single-graph ONNX model. No Node imports, so the bench page can bundle it with esbuild.
import onnxProto, { type onnx as pb } from 'onnx-proto';

// onnx-proto is CommonJS (module.exports = { onnx }); Node's ESM loader exposes it only as a default
// export, so a named import would fail outside a bundler.
const { onnx } = onnxProto;

export const IR_VERSION = 8;
export const OPSET = 17;

/** One attribute value, tagged by its ONNX kind (an untagged number could be INT or FLOAT). */
export type AttrValue =
  { int: number } | { ints: readonly number[] } | { float: number } | { floats: readonly number[] };

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bytes of a typed array in little-endian order, as TensorProto.raw_data requires. */
function rawBytes(data: Float32Array | BigInt64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float32Array) view.setFloat32(4 * i, data[i]!, true);
    else view.setBigInt64(8 * i, data[i]!, true);
  }
  return out;
}

function checkSize(name: string, length: number, shape: readonly number[]): void {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== length) {
    throw new Error(`initializer "${name}": ${length} values do not fill shape [${shape.join(', ')}]`);
  }
}

export function floatTensor(name: string, data: Float32Array, shape: readonly number[]): pb.TensorProto {
  checkSize(name, data.length, shape);
  return onnx.TensorProto.create({
    name,
    dataType: onnx.TensorProto.DataType.FLOAT,
    dims: [...shape],
    rawData: rawBytes(data),
  });
}

export function int64Tensor(
  name: string,
  values: readonly number[],
  shape: readonly number[],
): pb.TensorProto {
  checkSize(name, values.length, shape);
  return onnx.TensorProto.create({
    name,
    dataType: onnx.TensorProto.DataType.INT64,
    dims: [...shape],
    rawData: rawBytes(BigInt64Array.from(values, (v) => BigInt(v))),
  });
}

function attribute(name: string, value: AttrValue): pb.AttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('int' in value) return onnx.AttributeProto.create({ name, type: T.INT, i: value.int });
  if ('ints' in value) return onnx.AttributeProto.create({ name, type: T.INTS, ints: [...value.ints] });
  if ('float' in value) return onnx.AttributeProto.create({ name, type: T.FLOAT, f: value.float });
  return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: [...value.floats] });
}

export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attrs: Record<string, AttrValue> = {},
  name = outputs[0] ?? opType,
): pb.NodeProto {
  return onnx.NodeProto.create({
    name,
    opType,
    input: [...inputs],
    output: [...outputs],
    attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
  });
}

export type ElemType = 'float32' | 'int64';

/** A graph input or output of fixed shape. */
export function valueInfo(name: string, elem: ElemType, shape: readonly number[]): pb.ValueInfoProto {
  const elemType = elem === 'float32' ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64;
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType, shape: { dim: shape.map((d) => ({ dimValue: d })) } } },
  });
}

/**
 * Collects nodes and initializers; op() names each output uniquely so graph code reads like
 * expressions. Constants are deduplicated by name.
 */
export class GraphBuilder {
  readonly nodes: pb.NodeProto[] = [];
  readonly initializers = new Map<string, pb.TensorProto>();
  private count = 0;

  /** A float initializer; returns its name. */
  float(name: string, data: Float32Array, shape: readonly number[]): string {
    if (!this.initializers.has(name)) this.initializers.set(name, floatTensor(name, data, shape));
    return name;
  }

  /** A float scalar constant, named after its value. */
  scalar(value: number): string {
    return this.float(`const.f32.${value}`, Float32Array.of(value), []);
  }

  /** An int64 constant (shapes, axes, split sizes, indices), named after its values. */
  int64(values: readonly number[], shape: readonly number[] = [values.length]): string {
    const name = `const.i64.[${shape.join(',')}].${values.join(',')}`;
    if (!this.initializers.has(name)) this.initializers.set(name, int64Tensor(name, values, shape));
    return name;
  }

  /** Appends one node with `outputs` fresh outputs; returns their names. */
  opN(
    opType: string,
    inputs: readonly string[],
    outputs: number,
    attrs: Record<string, AttrValue> = {},
  ): string[] {
    const id = this.count++;
    const names = Array.from({ length: outputs }, (_, i) => `${opType}_${id}${outputs > 1 ? `_${i}` : ''}`);
    this.nodes.push(node(opType, inputs, names, attrs));
    return names;
  }

  op(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}): string {
    return this.opN(opType, inputs, 1, attrs)[0]!;
  }

  /** Appends one node whose single output has a fixed name (a graph output). */
  opTo(
    output: string,
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
  ): string {
    this.nodes.push(node(opType, inputs, [output], attrs));
    return output;
  }
}

export interface ModelSpec {
  name: string;
  inputs: pb.ValueInfoProto[];
  outputs: pb.ValueInfoProto[];
  /** Its nodes must produce every output by name (GraphBuilder.opTo). */
  graph: GraphBuilder;
  producer?: string;
}

/** Serialises a one-graph model at IR 8, default-domain opset 17. */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: spec.producer ?? 'inside-clip',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: spec.name,
      node: spec.graph.nodes,
      initializer: [...spec.graph.initializers.values()],
      input: spec.inputs,
      output: spec.outputs,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
