// The synthetic image–caption world (pure TypeScript): attributes, scenes, pixels, captions, batches.

export * from './attributes';
export * from './batch';
export * from './caption';
export * from './parse';
export * from './random';
export * from './render';
export * from './scene';
export type { Outline, Polygon } from './geometry';
