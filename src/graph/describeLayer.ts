import type { IRLayer } from '../ir/ir.js';

/**
 * One IR layer as the language would write it, short: `conv 64 3x3 /2 valid`, `maxpool 3x3 /2`,
 * `add ×0.17`. A layer drawn after the conv it belongs to (`follower`) is a word: `bn`, `relu`.
 */
export function describeLayer(layer: IRLayer, follower = false): string {
  const size = (p: readonly [number, number] | readonly number[]) => `${p[0]}x${p[1]}`;
  const stride = (p: readonly number[]) =>
    p[0] === 1 && p[1] === 1 ? '' : p[0] === p[1] ? ` /${p[0]}` : ` /${size(p)}`;
  const act = (a: string) => (a === 'linear' ? '' : ` ${a}`);
  switch (layer.op) {
    case 'batchnorm':
      return 'bn';
    case 'activation':
      return follower ? layer.attrs.activation : `act ${layer.attrs.activation}`;
    case 'conv2d':
    case 'sepconv2d': {
      const a = layer.attrs;
      const word = layer.op === 'conv2d' ? 'conv' : 'sepconv';
      const dilated = a.dilation[0] === 1 && a.dilation[1] === 1 ? '' : ` dilation ${size(a.dilation)}`;
      return `${word} ${a.filters} ${size(a.kernel)}${stride(a.strides)} ${a.padding}${dilated}${act(a.activation)}`;
    }
    case 'maxpool':
    case 'avgpool':
      return `${layer.op} ${size(layer.attrs.pool)}${stride(layer.attrs.strides)} ${layer.attrs.padding}`;
    case 'dense':
      return `dense ${layer.attrs.units}${act(layer.attrs.activation)}`;
    case 'dropout':
      return `dropout ${layer.attrs.rate}`;
    case 'scaledadd':
      return layer.attrs.scale === 1 ? 'add' : `add ×${layer.attrs.scale}`;
    case 'multiply':
      return 'multiply';
    case 'input':
      return 'input';
    default:
      return layer.op;
  }
}
