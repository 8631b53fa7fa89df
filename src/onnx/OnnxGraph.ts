import onnxProto from 'onnx-proto';
import type { Shape } from '../ops/types.js';
import type { OnnxAttribute, OnnxContext, OnnxWeight } from './OnnxContext.js';

const { onnx } = onnxProto;

/** What the exporter knows of one IR layer when it hands the layer to its op's printer. */
export interface OnnxLayerInfo {
  name: string;
  inputs: readonly string[];
  inputShapes: readonly Shape[];
  shape: Shape;
  weights: readonly OnnxWeight[];
}

/** A graph value's declared type: float32 with a dynamic batch `N` before the fixed dimensions. */
export interface OnnxValueInfo {
  name: string;
  dims: readonly number[];
}

/**
 * An ONNX graph being built: nodes in topological order (the order they are added), float and
 * int64 initializers, unique value names. The only place besides `exportOnnx` that touches the
 * protobuf objects; ops see it through {@link OnnxContext}.
 */
export class OnnxGraph {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly names = new Set<string>();

  /** A value name not used yet: `base`, else `base_2`, `base_3`, …. */
  fresh(base: string): string {
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  /** Adds a node writing `output` (a fresh name derived from `base` when absent); returns the output. */
  node(
    op: string,
    inputs: readonly string[],
    attrs: Readonly<Record<string, OnnxAttribute>> = {},
    output?: string,
    base = op,
  ): string {
    const out = output ?? this.fresh(base);
    if (output !== undefined) this.names.add(output);
    this.nodes.push({
      opType: op,
      name: out,
      input: [...inputs],
      output: [out],
      attribute: Object.entries(attrs).map(([name, a]) => attribute(name, a)),
    });
    return out;
  }

  /** Adds a float32 initializer; returns its (fresh) name. */
  floats(base: string, values: Float32Array, dims: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: littleEndianBytes(values),
    });
    return name;
  }

  /** Adds a 1-D int64 initializer; returns its (fresh) name. */
  int64s(base: string, values: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: onnx.TensorProto.DataType.INT64,
      rawData: littleEndianBytes(BigInt64Array.from(values, (v) => BigInt(v))),
    });
    return name;
  }

  /** The context an op's printer writes one layer through; every name it makes starts with the layer's. */
  context(layer: OnnxLayerInfo): OnnxContext {
    return {
      name: layer.name,
      inputs: layer.inputs,
      inputShapes: layer.inputShapes,
      shape: layer.shape,
      weights: layer.weights,
      node: (op, inputs, attrs, output) => this.node(op, inputs, attrs, output, `${layer.name}/${op}`),
      floats: (suffix, values, dims) => this.floats(`${layer.name}/${suffix}`, values, dims),
      int64s: (suffix, values) => this.int64s(`${layer.name}/${suffix}`, values),
      weight: (role) => {
        const found = layer.weights.find((w) => w.role === role);
        if (found === undefined) {
          const held = layer.weights.map((w) => w.role).join(', ') || 'none';
          throw new Error(`ONNX export: the tfjs layer '${layer.name}' has no '${role}' weight (it has: ${held})`);
        }
        return found;
      },
    };
  }

  /** The graph as a GraphProto with the given inputs and outputs. */
  toGraph(
    name: string,
    inputs: readonly OnnxValueInfo[],
    outputs: readonly OnnxValueInfo[],
  ): onnxProto.onnx.IGraphProto {
    return {
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: inputs.map(valueInfo),
      output: outputs.map(valueInfo),
    };
  }
}

function attribute(name: string, a: OnnxAttribute): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('int' in a) return { name, type: T.INT, i: a.int };
  if ('float' in a) return { name, type: T.FLOAT, f: a.float };
  if ('ints' in a) return { name, type: T.INTS, ints: [...a.ints] };
  if ('floats' in a) return { name, type: T.FLOATS, floats: [...a.floats] };
  return { name, type: T.STRING, s: new TextEncoder().encode(a.string) };
}

function valueInfo(v: OnnxValueInfo): onnxProto.onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: [{ dimParam: 'N' }, ...v.dims.map((d) => ({ dimValue: d }))] },
      },
    },
  };
}

/** ONNX raw data is little-endian; a typed array's own bytes are, on every platform Node runs on but a few. */
function littleEndianBytes(values: Float32Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] === 1) return bytes;
  const size = values.BYTES_PER_ELEMENT;
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) for (let j = 0; j < size; j++) swapped[i + j] = bytes[i + size - 1 - j]!;
  return swapped;
}
