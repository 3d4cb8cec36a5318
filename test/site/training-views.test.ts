// @vitest-environment happy-dom
// The training lab's four views (training-views.ts) fed with a small synthetic history, probe and batch,
// and its controls (training-controls.ts, training-settings.ts): element counts, headings that follow the
// step, the export data equal to what is drawn, and native buttons and selects that report typed settings.
// Downloads are caught at URL.createObjectURL (happy-dom cannot save files).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildControls } from '../../site/components/labs/training-controls';
import {
  BATCH_CHOICES,
  LR_CHOICES,
  PAGE_DEFAULTS,
  PRESET_CHOICES,
} from '../../site/components/labs/training-settings';
import { trainingStrings } from '../../site/components/labs/training-strings';
import { type RunHistory, TrainingViews, emptyHistory } from '../../site/components/labs/training-views';
import type { LabProbe, LabSettings } from '../../src/train/training-lab';
import { zeroShotLabels } from '../../src/world';

const s = trainingStrings('en');
let body: HTMLElement;
beforeEach(() => {
  body = document.createElement('div');
  document.body.appendChild(body);
});
afterEach(() => {
  body.remove();
  vi.restoreAllMocks();
});

const history = (label: string, n: number): RunHistory => ({
  ...emptyHistory(label),
  steps: Array.from({ length: n }, (_, i) => i + 1),
  losses: Array.from({ length: n }, (_, i) => 2 - i / 10),
  probeSteps: [0, 5],
  exact: [0.1, 0.5],
  colour: [0.2, 0.75],
  shape: [0.3, 0.625],
});

/** The views over a data source the test can change. */
function views() {
  const data = { current: history('xs', 6), ghost: null as RunHistory | null };
  const v = new TrainingViews(body, s, () => data);
  return { v, data };
}

/** Clicks an export button of `part` and returns the text of the file it would download. */
async function exported(part: string, button: 'CSV' | 'JSON'): Promise<string> {
  let blob: Blob | null = null;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => ((blob = b as Blob), 'blob:test'));
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  const bar = body.querySelector(`.tl-part-${part} .viz-export`)!;
  [...bar.querySelectorAll('button')].find((b) => b.textContent === button)!.click();
  await new Promise((r) => setTimeout(r, 0));
  return blob ? (blob as Blob).text() : '';
}

describe('TrainingViews', () => {
  it('builds four parts with headings and an export toolbar each', () => {
    body.innerHTML = '<p>stale first paint</p>';
    views();
    expect(body.querySelector(':scope > p')).toBeNull();
    expect([...body.querySelectorAll('.fig-part-heading')].map((h) => h.textContent)).toEqual([
      s.lossHeading,
      s.accuracyHeading,
      s.logitsHeading(0),
      s.featuresHeading,
    ]);
    expect(body.querySelectorAll('.fig-plot > .viz-export')).toHaveLength(4);
  });

  it('draws one loss line per run and three accuracy lines per run, the ghost behind', () => {
    const { v, data } = views();
    v.curves();
    expect(body.querySelectorAll('.tl-part-loss path.tl-line')).toHaveLength(1);
    expect(body.querySelectorAll('.tl-part-accuracy path.tl-line')).toHaveLength(3);
    data.ghost = history('s', 9);
    v.curves();
    expect(body.querySelectorAll('.tl-part-loss path.tl-line')).toHaveLength(2);
    expect(body.querySelectorAll('.tl-part-accuracy path.tl-line')).toHaveLength(6);
    expect(body.querySelectorAll('.tl-part-accuracy path.tl-line.tl-ghost')).toHaveLength(3);
    expect([...body.querySelectorAll('.tl-part-loss .tl-legend li')].map((li) => li.textContent)).toEqual([
      `${s.ghost}: s`,
      `${s.current}: xs`,
    ]);
    expect(body.querySelectorAll('.tl-part-loss svg')).toHaveLength(1);
    // Accuracy is on a fixed [0, 1] axis.
    const y = [...body.querySelectorAll('.tl-part-accuracy g.tl-axis')[1]!.querySelectorAll('.tick text')];
    expect([y[0]!.textContent, y.at(-1)!.textContent]).toEqual(['0.0', '1.0']);
  });

  it('exports the current run’s numbers as drawn', async () => {
    const { v } = views();
    v.curves();
    const csv = (await exported('accuracy', 'CSV')).trim().split('\n');
    expect(csv).toHaveLength(3);
    const f32 = (xs: number[]) => xs.map(Math.fround); // the export matrix is a Float32Array
    expect(csv[1]!.split(',').map(Number)).toEqual([0, ...f32([0.1, 0.2, 0.3])]);
    expect(csv[2]!.split(',').map(Number)).toEqual([5, ...f32([0.5, 0.75, 0.625])]);
  });

  it('shows the batch logits as an n × n heat map whose heading follows the step', async () => {
    const { v } = views();
    const view = {
      step: 12,
      n: 3,
      logits: Float32Array.from([9, 1, 0, 2, 8, 1, 0, 3, 7]),
      captions: ['a', 'b', 'c'],
    };
    v.batchLogits(view);
    expect(body.querySelector('.tl-part-logits .fig-part-heading')!.textContent).toBe(s.logitsHeading(12));
    expect(body.querySelectorAll('.tl-part-logits rect.viz-cell')).toHaveLength(9);
    const tds = [...body.querySelectorAll('.tl-part-logits tbody td')].map((td) => Number(td.textContent));
    expect(tds).toEqual([...view.logits]);
    v.batchLogits({ ...view, step: 13, n: 2, logits: Float32Array.from([1, 0, 0, 1]), captions: ['a', 'b'] });
    expect(body.querySelectorAll('.tl-part-logits rect.viz-cell')).toHaveLength(4);
    expect(body.querySelectorAll('.tl-part-logits svg')).toHaveLength(1);
    expect(body.querySelector('.tl-part-logits .fig-part-heading')!.textContent).toBe(s.logitsHeading(13));
    const csv = (await exported('logits', 'CSV')).trim().split('\n');
    expect(csv).toHaveLength(3);
  });

  it('places every probe image and every prompt in the feature space', () => {
    const { v } = views();
    const labels = zeroShotLabels();
    const d = 4;
    const objects = [
      { colour: 'red', shape: 'circle' },
      { colour: 'blue', shape: 'square' },
    ] as LabProbe['objects'];
    const probe = {
      step: 3,
      dim: d,
      objects,
      imageFeatures: Float32Array.from({ length: 2 * d }, (_, i) => Math.sin(i + 1)),
      textFeatures: Float32Array.from({ length: labels.length * d }, (_, i) => Math.cos(i * 0.7)),
    } as LabProbe;
    v.featureSpace(probe);
    const n = 2 + labels.length;
    expect(body.querySelectorAll('.tl-part-features path.tl-point')).toHaveLength(n);
    expect(body.querySelectorAll('.tl-part-features path.tl-point-image')).toHaveLength(2);
    expect(body.querySelectorAll('.tl-part-features tbody tr')).toHaveLength(n);
    const first = body.querySelector('.tl-part-features tbody tr')!.children[0]!.textContent;
    expect(first).toBe(`${s.imagePoint} 0: red circle`);
    const label = body.querySelector('.tl-part-features svg')!.getAttribute('aria-label')!;
    expect(label).toMatch(/^Feature space.*\(PC1 \d+%, PC2 \d+%\)\. /);
    expect(label).toContain(s.pointsHelp(n));
  });
});

describe('training controls', () => {
  function controls(settings: LabSettings = PAGE_DEFAULTS) {
    const calls: string[] = [];
    const changes: LabSettings[] = [];
    const root = document.createElement('div');
    root.hidden = true;
    body.appendChild(root);
    const c = buildControls(root, s, settings, {
      play: () => void calls.push('play'),
      pause: () => void calls.push('pause'),
      step: () => void calls.push('step'),
      reset: () => void calls.push('reset'),
      clearGhost: () => void calls.push('clear'),
      change: (x) => void changes.push(x),
    });
    const q = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
    return { c, calls, changes, root, q };
  }
  const pick = (select: HTMLSelectElement, value: string) => {
    select.value = value;
    select.dispatchEvent(new Event('change'));
  };

  it('offers every choice, shows the settings given, and labels each select', () => {
    const { root, q } = controls({ ...PAGE_DEFAULTS, lr: 1e-2, learnedTemperature: false });
    expect(root.hidden).toBe(false);
    const values = (sel: string) => [...q<HTMLSelectElement>(sel).options].map((o) => o.value);
    expect(values('.tl-preset')).toEqual([...PRESET_CHOICES]);
    expect(values('.tl-lr').map(Number)).toEqual([...LR_CHOICES]);
    expect(values('.tl-batch').map(Number)).toEqual([...BATCH_CHOICES]);
    expect([...q<HTMLSelectElement>('.tl-lr').options].map((o) => o.textContent)).toEqual([
      '1e-3',
      '3e-3',
      '1e-2',
    ]);
    expect(q<HTMLSelectElement>('.tl-lr').value).toBe('0.01');
    expect(q<HTMLSelectElement>('.tl-temperature').value).toBe('fixed');
    for (const sel of root.querySelectorAll('select')) {
      expect(root.querySelector(`label[for="${sel.id}"]`)?.textContent).toBeTruthy();
    }
    expect(q('.tl-clear-ghost').hidden).toBe(true);
  });

  it('reports each change as whole, typed settings', () => {
    const { changes, q } = controls();
    pick(q('.tl-lr'), '0.001');
    pick(q('.tl-batch'), '64');
    pick(q('.tl-temperature'), 'fixed');
    pick(q('.tl-preset'), 'lit');
    expect(changes.at(-1)).toEqual({
      preset: 'lit',
      lr: 1e-3,
      batchSize: 64,
      learnedTemperature: false,
      seed: 1,
    });
    expect(typeof changes[1]!.batchSize).toBe('number');
  });

  it('plays, pauses, steps and resets from its buttons', () => {
    const { c, calls, q } = controls();
    const play = q<HTMLButtonElement>('.tl-play');
    play.click();
    c.setPlaying(true);
    expect(play.textContent).toBe(s.pause);
    expect(q<HTMLButtonElement>('.tl-step').disabled).toBe(true);
    play.click();
    c.setPlaying(false);
    expect(play.textContent).toBe(s.play);
    q<HTMLButtonElement>('.tl-step').click();
    q<HTMLButtonElement>('.tl-reset').click();
    c.setGhost(true);
    expect(q('.tl-clear-ghost').hidden).toBe(false);
    q<HTMLButtonElement>('.tl-clear-ghost').click();
    expect(calls).toEqual(['play', 'pause', 'step', 'reset', 'clear']);
  });

  it('disables everything while busy and keeps Step off while playing', () => {
    const { c, root, q } = controls();
    c.setEnabled(false);
    const all = [...root.querySelectorAll<HTMLButtonElement | HTMLSelectElement>('button, select')];
    expect(all).toHaveLength(8);
    expect(all.filter((e) => !e.disabled)).toEqual([q('.tl-clear-ghost')]); // clearing the ghost stays possible
    c.setPlaying(true);
    c.setEnabled(true);
    expect(q<HTMLButtonElement>('.tl-step').disabled).toBe(true);
    expect(q<HTMLButtonElement>('.tl-play').disabled).toBe(false);
    expect(q<HTMLSelectElement>('.tl-lr').disabled).toBe(false);
  });

  it('starts from defaults that are among the choices', () => {
    expect(PRESET_CHOICES).toContain(PAGE_DEFAULTS.preset);
    expect(LR_CHOICES).toContain(PAGE_DEFAULTS.lr);
    expect(BATCH_CHOICES).toContain(PAGE_DEFAULTS.batchSize);
  });
});
