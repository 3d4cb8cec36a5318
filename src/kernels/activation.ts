// AssemblyScript, compiled into the kernels module by scripts/kernels.ts. The MLP's activations on four
// lanes, applied by the linear kernel as it writes c_fc's output, with the operations src/clip/activations.ts
// runs op by op: QuickGELU x * sigmoid(1.702 x), and the exact GELU through the same erfc fit.
import { exp4 } from './exp';

/** What the linear kernel applies to its output. */
export const NONE = 0;
export const QUICK_GELU = 1;
export const GELU = 2;

// @ts-ignore: decorator
@inline
function quickGelu4(x: v128): v128 {
  const one = f32x4.splat(1);
  const e = exp4(f32x4.neg(f32x4.mul(x, f32x4.splat(1.702))));
  return f32x4.mul(x, f32x4.div(one, f32x4.add(one, e)));
}

/** The coefficients of layers.ts's erfc fit, highest power first. */
const P9: f32 = 0.17087277;
const P8: f32 = -0.82215223;
const P7: f32 = 1.48851587;
const P6: f32 = -1.13520398;
const P5: f32 = 0.27886807;
const P4: f32 = -0.18628806;
const P3: f32 = 0.09678418;
const P2: f32 = 0.37409196;
const P1: f32 = 1.00002368;
const P0: f32 = -1.26551223;

// @ts-ignore: decorator
@inline
function horner(p: v128, t: v128, c: f32): v128 {
  return f32x4.add(f32x4.mul(p, t), f32x4.splat(c));
}

/** x Phi(x), Phi(-|x|) = erfc(|x| / sqrt 2) / 2, as gelu() in layers.ts. */
// @ts-ignore: decorator
@inline
function gelu4(x: v128): v128 {
  const one = f32x4.splat(1);
  const z = f32x4.abs(f32x4.mul(x, f32x4.splat(0.7071067811865476)));
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(z, f32x4.splat(0.5))));
  let p = f32x4.splat(P9);
  p = horner(p, t, P8);
  p = horner(p, t, P7);
  p = horner(p, t, P6);
  p = horner(p, t, P5);
  p = horner(p, t, P4);
  p = horner(p, t, P3);
  p = horner(p, t, P2);
  p = horner(p, t, P1);
  p = horner(p, t, P0);
  const tail = f32x4.mul(f32x4.mul(t, exp4(f32x4.sub(p, f32x4.mul(z, z)))), f32x4.splat(0.5));
  const phi = v128.bitselect(f32x4.sub(one, tail), tail, f32x4.ge(x, f32x4.splat(0)));
  return f32x4.mul(x, phi);
}

// @ts-ignore: decorator
@inline
export function activate(x: v128, act: i32): v128 {
  if (act == QUICK_GELU) return quickGelu4(x);
  if (act == GELU) return gelu4(x);
  return x;
}
