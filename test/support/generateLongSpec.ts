/**
 * A long, realistic `.incep` spec of about `lines` lines, for the front end's speed (bench) and for
 * a test that such a spec compiles cleanly: a long Inception body on one 32x32 grid, with many
 * distinct blocks — concatenating modules with 1x1, factorized and pooled branches, and scaled
 * residual blocks with a projection — each defined once with parameters and then instantiated,
 * some repeated. Every concatenating block puts out 128 channels and every residual block keeps
 * its input's, so any number of them chain.
 */
export function generateLongSpec(lines: number): string {
  const defs: string[] = [];
  const body: string[] = [];
  // One block takes 8 lines of definition and 1 in the body; the rest is the frame below.
  const blocks = Math.max(3, Math.round((lines - 40) / 9));
  for (let i = 0; i < blocks; i++) {
    const name = `Block${i}`;
    const c = 16 + (i % 4) * 8;
    switch (i % 3) {
      case 0:
        defs.push(
          `  # ${name}: the 35x35 module, pool branch of width p.`,
          `  block ${name}(p) {`,
          `    branch branch1x1 { conv 32 1x1 }`,
          `    branch branch5x5 { conv ${c} 1x1; conv 32 5x5 }`,
          `    branch branch3x3dbl { conv ${c} 1x1; conv 24 3x3; conv 32 3x3 }`,
          `    branch branch_pool { avgpool 3x3 /1 same; conv p 1x1 }`,
          `  }`,
          ``,
        );
        body.push(`    ${name}(32) as mixed${i}`);
        break;
      case 1:
        defs.push(
          `  # ${name}: 7x7 factorized into 1x7 and 7x1, c7 filters inside.`,
          `  block ${name}(c7) {`,
          `    branch branch1x1 { conv 32 1x1 }`,
          `    branch branch7x7 { conv c7 1x1; conv c7 1x7; conv 32 7x1 }`,
          `    branch branch7x7dbl { conv c7 1x1; conv c7 7x1; conv c7 1x7; conv c7 7x1; conv 32 1x7 }`,
          `    branch branch_pool { avgpool 3x3 /1 same; conv 32 1x1 }`,
          `  }`,
          ``,
        );
        body.push(`    ${name}(${c}) as mixed${i}`);
        break;
      default:
        defs.push(
          `  # ${name}: a scaled residual block; the linear projection restores the channels.`,
          `  block ${name}(scale=0.17) residual(scale=scale) {`,
          `    branch branch_0 { conv 32 1x1 }`,
          `    branch branch_1 { conv ${c} 1x1; conv 32 3x3 }`,
          `    branch branch_2 { conv ${c} 1x1; conv 48 3x3; conv 64 3x3 }`,
          `    project conv in 1x1 bias linear nobn`,
          `  }`,
          ``,
        );
        body.push(i % 6 === 2 ? `    ${name} x 2 as block${i}_1` : `    ${name}(scale=0.1) as block${i}`);
    }
  }
  return [
    `# A generated long spec: ${blocks} blocks on one grid (test/support/generateLongSpec.ts).`,
    `model Long {`,
    `  input 64x64x3`,
    `  classes 100`,
    `  defaults {`,
    `    conv: nobias bn(epsilon=0.001, scale=false) relu same`,
    `  }`,
    ``,
    `  stem {`,
    `    conv 32 3x3 /2 valid`,
    `    conv 64 3x3`,
    `    conv 128 1x1`,
    `  }`,
    ``,
    ...defs,
    `  body {`,
    ...body,
    `  }`,
    ``,
    `  head {`,
    `    globalavgpool as avg_pool`,
    `    dropout 0.2`,
    `    dense classes softmax as predictions`,
    `  }`,
    ``,
    `  train {`,
    `    optimizer rmsprop(lr=0.045, rho=0.9, epsilon=1.0)`,
    `    schedule exponential(rate=0.94, every=2 epochs)`,
    `  }`,
    `}`,
    ``,
  ].join('\n');
}
