// The committed default model: it loads without download, matches its manifest, its report states what an
// evaluation measures today, and the bars of issue 3 (zero-shot top-1 on seen combinations >= 90%, recall@1
// >= 70%) hold on a fixed evaluation seed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClipModel, disposeModel } from '../../src/clip/model';
import { useBackend } from '../../src/node/backend';
import { MODELS_DIR, loadNamedModel, readManifest } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { type WorldMetrics, evaluateWorld } from '../../src/train/evaluate';

const DIR = resolve(MODELS_DIR, 'tiny');

describe('the committed tiny model', () => {
  let model: ClipModel;
  let metrics: WorldMetrics;

  beforeAll(async () => {
    await useBackend('wasm');
    model = loadNamedModel('tiny');
    metrics = evaluateWorld(model.weights, model.config, await loadTokenizer(), { n: 512, seed: 2024 });
  });
  afterAll(() => disposeModel(model));

  it('is small, described by its manifest, and reported', () => {
    const { manifest } = readManifest('tiny');
    const bytes = manifest.files.reduce((a, f) => a + f.bytes, 0);
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
    expect(statSync(resolve(DIR, 'model.safetensors')).size).toBe(bytes);
    for (const f of ['report.json', 'loss.csv']) expect(existsSync(resolve(DIR, f)), f).toBe(true);
    const report = JSON.parse(readFileSync(resolve(DIR, 'report.json'), 'utf8')) as {
      config: unknown;
      seed: number;
    };
    expect(report.config).toEqual(manifest.config);
  });

  it('reports the metrics an evaluation with its seed measures now', () => {
    const report = JSON.parse(readFileSync(resolve(DIR, 'report.json'), 'utf8')) as {
      evaluation: WorldMetrics & { n: number; seed: number };
    };
    expect(report.evaluation.n).toBe(512);
    expect(report.evaluation.seed).toBe(2024);
    for (const key of ['top1Seen', 'top1Heldout', 'recallImageToText', 'recallTextToImage'] as const) {
      expect(metrics[key], key).toBeCloseTo(report.evaluation[key], 6);
    }
    expect(metrics.logitScale).toBeCloseTo(report.evaluation.logitScale, 3);
  });

  it('classifies fresh images of seen colour–shape combinations at 90% or better', () => {
    expect(metrics.top1Seen).toBeGreaterThanOrEqual(0.9);
  });

  it('retrieves captions and images at 70% or better in batches of 64', () => {
    expect(metrics.recallImageToText).toBeGreaterThanOrEqual(0.7);
    expect(metrics.recallTextToImage).toBeGreaterThanOrEqual(0.7);
  });

  it('reports held-out accuracy and the temperature as measured', () => {
    expect(metrics.top1Heldout).toBeGreaterThanOrEqual(0);
    expect(metrics.top1Heldout).toBeLessThanOrEqual(1);
    expect(metrics.logitScale).toBeGreaterThan(1);
    expect(metrics.logitScale).toBeLessThanOrEqual(100 + 1e-3);
  });
});
