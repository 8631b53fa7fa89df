import type { IRLayer } from '../ir/ir.js';

/**
 * A conv's or pool's window as the summary's Kernel column shows it: `3x3 /2 valid`, with the
 * dilation when there is one (`3x3 d2 same`); undefined for layers without a window.
 */
export function layerGeometry(layer: IRLayer): string | undefined {
  const size = (p: readonly number[]) => `${p[0]}x${p[1]}`;
  const stride = (p: readonly number[]) =>
    p[0] === 1 && p[1] === 1 ? '' : p[0] === p[1] ? ` /${p[0]}` : ` /${size(p)}`;
  switch (layer.op) {
    case 'conv2d':
    case 'sepconv2d': {
      const a = layer.attrs;
      const dilation =
        a.dilation[0] === 1 && a.dilation[1] === 1
          ? ''
          : ` d${a.dilation[0] === a.dilation[1] ? a.dilation[0] : size(a.dilation)}`;
      return `${size(a.kernel)}${stride(a.strides)}${dilation} ${a.padding}`;
    }
    case 'maxpool':
    case 'avgpool':
      return `${size(layer.attrs.pool)}${stride(layer.attrs.strides)} ${layer.attrs.padding}`;
    default:
      return undefined;
  }
}
