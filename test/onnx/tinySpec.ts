/**
 * A small model with every op and option of the language, for the ONNX exporter's tests: convs
 * with strides 1 and 2, same and valid padding, dilation, 1x7 and 7x1 kernels, a fused
 * activation without BN; sepconv (multiplier 2, stride 2, BN without scale and center); every
 * activation; max and avg pools (same and valid, strides, asymmetric same pads); concat; LRN; a scaled residual add;
 * a Squeeze-and-Excitation multiply; a standalone batch norm; global average and max pooling;
 * aux heads with flatten (NHWC order), dense with and without bias, dropout and softmax; a dense
 * followed by a batch norm (folded by an optimized export).
 */
export const TINY_SPEC = `
model Tiny {
  input 35x35x3
  classes 10
  defaults { conv: nobias bn relu same }
  block Mixed {
    branch b1 { conv 8 1x1 }
    branch b7 { conv 8 1x1; conv 8 1x7; conv 8 7x1 act=relu6 }
    branch bs { sepconv 8 3x3 same depth_multiplier=2 nobias relu }
    branch bd { conv 8 3x3 dilation=2 }
    branch bp { avgpool 3x3 /1 same; conv 8 1x1 act=sigmoid }
    branch bm { maxpool 3x3 /1 same }
  }
  block Res residual(scale=0.2) {
    branch { conv 8 1x1 }
    branch { conv 8 1x1; conv 8 3x3 }
    project conv in 1x1 bias linear nobn
  }
  block Acts {
    branch { act elu }
    branch { act selu }
    branch { act hard_sigmoid }
    branch { act tanh }
    branch { act softplus }
    branch { act softsign }
    branch { act swish }
    branch { act gelu }
    branch { act linear }
  }
  block SE {
    globalavgpool
    dense (in // 4) relu
    dense in sigmoid
    multiply
  }
  stem { conv 8 3x3 /2 valid; conv 8 3x3 valid; maxpool 3x3 /2 same; lrn depth_radius=3 alpha=0.01 beta=0.6 bias=2 }
  body {
    Mixed as mixed1
    Res
    conv 8 1x1 nobn tanh
    Acts
    SE
    sepconv 16 3x3 /2 same depth_multiplier=2 bn(scale=false, center=false) relu6
    batchnorm epsilon=0.01
    avgpool 2x2 /1 valid
  }
  aux side at mixed1 weight 0.3 {
    avgpool 3x3 /3 valid; conv 8 1x1; flatten; dense 16 relu nobias; batchnorm; dropout 0.5; dense classes softmax
  }
  aux peak at mixed1 weight 0.1 { avgpool 3x3 /2 same; globalmaxpool; dense classes }
  head { globalavgpool; dropout 0.3; dense 16; batchnorm; act relu; dense classes softmax }
}
`;
