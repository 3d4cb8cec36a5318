// The circle lab's math: the analytic gradient of the symmetric InfoNCE loss with respect to every feature
// against central finite differences, the tangent projection, a step that stays on the circle and lowers the
// loss for a small learning rate, the pull/push split of one image's gradient, and the modality gap.
import { describe, expect, it } from 'vitest';
import { logitsLab } from '../../src/lab/logits';
import {
  dot,
  imageTerms,
  lossOverGap,
  normalize,
  onCircle,
  pairGeometry,
  sphereGradients,
  sphereStep,
  tangent,
  withGap,
} from '../../src/lab/sphere';

const imageAngles = [0.1, 1.2, 2.5, -1.9];
const textAngles = [0.5, 0.9, 3.0, -1.2];
const images = imageAngles.map(onCircle);
const texts = textAngles.map(onCircle);
const loss = (im: number[][], tx: number[][], tau: number) => logitsLab(im, tx, tau).parts.loss;

describe('sphereGradients', () => {
  it('matches central finite differences of the loss in every coordinate', () => {
    for (const tau of [0.07, 0.3, 1]) {
      const g = sphereGradients(images, texts, tau);
      const h = 1e-6;
      for (const side of ['images', 'texts'] as const)
        for (let k = 0; k < 4; k++)
          for (let c = 0; c < 2; c++) {
            const bump = (delta: number) => {
              const im = images.map((v) => [...v]);
              const tx = texts.map((v) => [...v]);
              (side === 'images' ? im : tx)[k]![c]! += delta;
              return loss(im, tx, tau);
            };
            const fd = (bump(h) - bump(-h)) / (2 * h);
            expect(g[side][k]![c]).toBeCloseTo(fd, 5);
          }
    }
  });

  it('gives dL/dθ as the tangent gradient read along the circle', () => {
    const g = sphereGradients(images, texts, 0.2);
    const h = 1e-6;
    for (let k = 0; k < 4; k++) {
      const at = (delta: number) =>
        loss(
          imageAngles.map((a, i) => onCircle(i === k ? a + delta : a)),
          texts,
          0.2,
        );
      const fd = (at(h) - at(-h)) / (2 * h);
      const dir = [-Math.sin(imageAngles[k]!), Math.cos(imageAngles[k]!)];
      expect(dot(tangent(images[k]!, g.images[k]!), dir)).toBeCloseTo(fd, 6);
    }
  });

  it('splits an image’s gradient into a pull towards its text and pushes away from the others', () => {
    const g = sphereGradients(images, texts, 0.2);
    const terms = imageTerms(g, images, texts, 1);
    const total = tangent(images[1]!, g.images[1]!);
    const sum = terms.reduce((a, t) => a.map((x, c) => x + t[c]!), [0, 0]);
    sum.forEach((x, c) => expect(x).toBeCloseTo(total[c]!, 12));
    // Following −term j=i moves I_1 towards T_1 (cosine rises); −term j≠i moves it away from T_j.
    const towards = (j: number) =>
      dot(normalize(images[1]!.map((x, c) => x - 1e-3 * terms[j]![c]!)), texts[j]!);
    expect(towards(1)).toBeGreaterThan(dot(images[1]!, texts[1]!));
    for (const j of [0, 2, 3]) expect(towards(j)).toBeLessThanOrEqual(dot(images[1]!, texts[j]!) + 1e-15);
  });
});

describe('sphereStep', () => {
  it('projects onto the tangent space and keeps every point on the unit circle', () => {
    const u = normalize([0.3, -0.8]);
    expect(dot(tangent(u, [2, 5]), u)).toBeCloseTo(0, 14);
    const step = sphereStep(images, texts, 0.1, 0.5);
    for (const v of [...step.images, ...step.texts]) expect(Math.hypot(...v)).toBeCloseTo(1, 14);
    step.imageTangents.forEach((t, i) => expect(dot(t, images[i]!)).toBeCloseTo(0, 12));
  });

  it('lowers the loss for a small learning rate, step after step', () => {
    let im = images;
    let tx = texts;
    for (let k = 0; k < 20; k++) {
      const step = sphereStep(im, tx, 0.1, 0.01);
      expect(step.after).toBeLessThan(step.before);
      expect(step.before).toBeCloseTo(loss(im as number[][], tx as number[][], 0.1), 12);
      ({ images: im, texts: tx } = step);
    }
  });
});

describe('geometry and the gap', () => {
  it('measures angle and cosine between unit vectors', () => {
    const { angle, cosine } = pairGeometry(onCircle(0.2), onCircle(1.0));
    expect(angle).toBeCloseTo(0.8, 12);
    expect(cosine).toBeCloseTo(Math.cos(0.8), 12);
  });

  it('turns the two clouds apart by the gap, lowering every matched cosine', () => {
    const same = [0, 1, 2];
    const { images: im, texts: tx } = withGap(same, same, 0.6);
    im.forEach((v, i) => expect(dot(v, tx[i]!)).toBeCloseTo(Math.cos(0.6), 12));
    const curve = lossOverGap(same, same, 0.2, [0, 0.5, 1]);
    expect(curve[0]).toBeCloseTo(loss(same.map(onCircle), same.map(onCircle), 0.2), 12);
    expect(curve[2]).toBeGreaterThan(curve[0]!);
  });
});
