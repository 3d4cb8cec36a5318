// The learning-rate schedule CLIP trains with: linear warm-up, then cosine decay to a floor.
export interface Schedule {
  peak: number;
  warmup: number;
  total: number;
  floor?: number;
}

export function learningRate(step: number, s: Schedule): number {
  if (step < s.warmup) return (s.peak * (step + 1)) / s.warmup;
  const progress = Math.min(1, (step - s.warmup) / Math.max(1, s.total - s.warmup));
  const floor = s.floor ?? 0;
  return floor + 0.5 * (s.peak - floor) * (1 + Math.cos(Math.PI * progress));
}
