// AssemblyScript, compiled by scripts/bench/wasm-peak.ts for the bench only (not part of the TypeScript build).
// The browser's WebAssembly SIMD ceiling: twelve independent f32x4 chains x = x * m + c, each step one
// multiply-add per chain, no memory traffic. Compiled twice: with relaxed SIMD each step is one
// f32x4.relaxed_madd, without it an f32x4.mul then an f32x4.add; both count 8 FLOPs per chain and step.

/**
 * Independent chains: enough to cover the multiply-add's latency on two pipes, and with m and c fourteen
 * vector registers, under V8's fifteen on x64, so nothing spills.
 */
const CHAINS = 12;

@inline
function step(x: v128, m: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(x, m, c);
  return f32x4.add(f32x4.mul(x, m), c);
}

export function chains(): i32 {
  return CHAINS;
}

/** Runs `steps` steps of every chain; m near 1 keeps the values finite and normal. Returns their sum. */
export function run(steps: i32, m: f32): f32 {
  const vm = f32x4.splat(m);
  const vc = f32x4.splat(1 - m);
  // Distinct starting values, so no two chains are the same computation the optimizer could merge.
  let x0 = f32x4.splat(0.0);
  let x1 = f32x4.splat(0.1);
  let x2 = f32x4.splat(0.2);
  let x3 = f32x4.splat(0.3);
  let x4 = f32x4.splat(0.4);
  let x5 = f32x4.splat(0.5);
  let x6 = f32x4.splat(0.6);
  let x7 = f32x4.splat(0.7);
  let x8 = f32x4.splat(0.8);
  let x9 = f32x4.splat(0.9);
  let x10 = f32x4.splat(1.1);
  let x11 = f32x4.splat(1.2);
  for (let i = 0; i < steps; i++) {
    x0 = step(x0, vm, vc);
    x1 = step(x1, vm, vc);
    x2 = step(x2, vm, vc);
    x3 = step(x3, vm, vc);
    x4 = step(x4, vm, vc);
    x5 = step(x5, vm, vc);
    x6 = step(x6, vm, vc);
    x7 = step(x7, vm, vc);
    x8 = step(x8, vm, vc);
    x9 = step(x9, vm, vc);
    x10 = step(x10, vm, vc);
    x11 = step(x11, vm, vc);
  }
  const a = f32x4.add(f32x4.add(f32x4.add(x0, x1), f32x4.add(x2, x3)), f32x4.add(x4, x5));
  const b = f32x4.add(f32x4.add(f32x4.add(x6, x7), f32x4.add(x8, x9)), f32x4.add(x10, x11));
  return f32x4.extract_lane(f32x4.add(a, b), 0);
}
