// e^x on four lanes, shared by the kernels that need it (compiled into each, not a module of its own).
// x = k ln 2 + r with |r| <= ln 2 / 2; e^r from its Taylor series to r^7 (the next term is below 6e-9 of e^r
// there, under float32's resolution); 2^k is built in the exponent bits.

/** ln 2 in two parts: HI has few enough bits that k * HI is exact for |k| <= 128. */
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.1219444005469057e-4;
const LOG2_E: f32 = 1.4426950408889634;

/** 1.5 * 2^23: adding it rounds a float below 2^22 in magnitude to an integer, kept in the low mantissa bits. */
const ROUNDER: f32 = 12582912;

/**
 * Lanes are clamped to [-87.3, 88]: e^-87.3 is float32's smallest normal magnitude, e^88 below its largest.
 * pmin, pmax and the rounding by addition are single x86 instructions; min, max, nearest and trunc_sat are not.
 */
// @ts-ignore: decorator
@inline
export function exp4(x: v128): v128 {
  const c = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.3)), f32x4.splat(88));
  const t = f32x4.add(f32x4.mul(c, f32x4.splat(LOG2_E)), f32x4.splat(ROUNDER));
  const k = f32x4.sub(t, f32x4.splat(ROUNDER));
  const r = f32x4.sub(f32x4.sub(c, f32x4.mul(k, f32x4.splat(LN2_HI))), f32x4.mul(k, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.0 / 5040);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 720));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 120));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 24));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 6));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1));
  // k's integer value is t's bits minus ROUNDER's; 2^k is (k + 127) in the exponent field.
  const bits = i32x4.sub(t, i32x4.splat(reinterpret<i32>(ROUNDER)));
  return f32x4.mul(p, i32x4.shl(i32x4.add(bits, i32x4.splat(127)), 23));
}

/** e^x for one value, by the same arithmetic as exp4. */
// @ts-ignore: decorator
@inline
export function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}
