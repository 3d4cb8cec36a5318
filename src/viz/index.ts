// src/viz: D3 figure factories (plain arrays or Trace entries in, SVG/HTML out) and their helpers. No TF.js.
export * from './bars';
export * from './export';
export * from './grid-nav';
export * from './heatmap';
export * from './matrix';
export * from './patches';
export * from './raster';
export * from './scales';
export * from './strings';
export * from './tokens';
