// The labs' side of `npm run bench`, on the built site in Chromium with the tiny model:
// - control → redrawn figure for the controls that need no model round trip (a key press on a slider or a
//   head, timed in the page from the keydown to the frame after the figure's DOM changed);
// - the training lab: steps per second in the page per backend, and on wasm the time from Play until the
//   probe's zero-shot accuracy first reaches 80%, per model preset, within a step budget.
import type { Browser, Page } from 'playwright-core';
import { median } from './median';

export interface LabRedraw {
  lab: string;
  control: string;
  medianMs?: number;
  runs: number;
  error?: string;
}

export interface TrainingBench {
  backend: string;
  preset: string;
  steps: number;
  stepsPerSecond: number;
  /** Seconds from Play to the first probe at ≥ 80% zero-shot accuracy; absent when not reached. */
  secondsTo80?: number;
  bestAccuracy: number;
  error?: string;
}

export interface LabBench {
  redraw: LabRedraw[];
  training: TrainingBench[];
}

// `settled`: the event and count after which the lab has its first live result (features from the model).
const CONTROLS = [
  {
    lab: 'logits lab',
    path: '/logits-lab/',
    control: 'temperature',
    settled: ['lab:result', 0],
    focus: 'figure[data-lab="logits"] input.fig-range',
  },
  {
    lab: 'zero-shot playground',
    path: '/zero-shot-playground/',
    control: 'temperature',
    settled: ['fig:result', 0],
    focus: 'figure[data-lab="zero-shot"] .fig-temperature input[type=range]',
  },
  {
    lab: 'attention explorer',
    path: '/attention-explorer/',
    control: 'head (text overview)',
    settled: ['explorer:result', 2],
    focus: 'figure[data-explorer] .fig-part-text-overview svg',
  },
] as const;

/** One key press → ms until the frame after the figure's DOM changed. */
async function pressAndTime(page: Page, figure: string, key: string): Promise<number> {
  // The observer is in place before the key is sent: one evaluate sets it up, a second collects the time.
  await page.evaluate((sel) => {
    const w = window as unknown as { __redraw: Promise<number> };
    w.__redraw = new Promise<number>((resolve, reject) => {
      const fig = document.querySelector(sel);
      if (!fig) return reject(new Error(`no ${sel}`));
      let t0 = 0;
      document.addEventListener('keydown', () => (t0 = performance.now()), { capture: true, once: true });
      const seen = new MutationObserver(() => {
        if (!t0) return;
        seen.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      });
      seen.observe(fig, { subtree: true, childList: true, attributes: true, characterData: true });
      // A key that changes nothing in the figure is a broken case, not a wait forever.
      setTimeout(() => {
        seen.disconnect();
        reject(new Error('the figure did not change within 10 s of the key press'));
      }, 10_000);
    });
  }, figure);
  await page.keyboard.press(key);
  return page.evaluate(() => (window as unknown as { __redraw: Promise<number> }).__redraw);
}

async function redrawCase(
  browser: Browser,
  baseUrl: string,
  c: (typeof CONTROLS)[number],
  runs: number,
): Promise<LabRedraw> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const [event, count] = c.settled;
    await page.addInitScript((name) => {
      const w = window as unknown as { __settled: number };
      w.__settled = 0;
      document.addEventListener(name, () => (w.__settled += 1));
    }, event);
    await page.goto(`${baseUrl}${c.path}?backend=wasm`, { waitUntil: 'load' });
    await page.waitForFunction((n) => (window as unknown as { __settled: number }).__settled >= n, count, {
      timeout: 120_000,
    });
    await page.locator(c.focus).first().waitFor({ timeout: 60_000 });
    await page.locator(c.focus).first().focus();
    const figure = c.focus.split(' ')[0]!;
    const times: number[] = [];
    for (let k = 0; k < runs + 1; k++) {
      const ms = await pressAndTime(page, figure, k % 2 ? 'ArrowLeft' : 'ArrowRight');
      if (k > 0) times.push(ms); // the first press may still share the frame with hydration work
      await page.waitForTimeout(100);
    }
    return { lab: c.lab, control: c.control, medianMs: median(times), runs };
  } catch (err) {
    return { lab: c.lab, control: c.control, runs, error: (err as Error).message.split('\n')[0] };
  } finally {
    await context.close().catch(() => undefined);
  }
}

interface LabEvent {
  name: string;
  at: number;
  step?: number;
  probe?: boolean;
  accuracy?: number;
}

async function trainingCase(
  browser: Browser,
  baseUrl: string,
  backend: string,
  preset: string,
  steps: number,
): Promise<TrainingBench> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __lab: unknown[] };
      w.__lab = [];
      for (const name of ['lab:step', 'lab:view', 'lab:play']) {
        document.addEventListener(name, (e) =>
          w.__lab.push({ name, at: performance.now(), ...(e as CustomEvent).detail }),
        );
      }
    });
    await page.goto(`${baseUrl}/training-lab/?backend=${backend}`, { waitUntil: 'load' });
    const lab = page.locator('figure[data-lab="training"]');
    await lab.locator('select.tl-preset').selectOption(preset);
    const play = lab.locator('button.tl-play');
    const start = await page.evaluate(() => performance.now());
    await play.click();
    await page.waitForFunction(
      (n) =>
        (window as unknown as { __lab: { name: string }[] }).__lab.filter((e) => e.name === 'lab:step')
          .length >= n,
      steps,
      { timeout: 590_000, polling: 500 },
    );
    await play.click();
    const events = await page.evaluate(() => (window as unknown as { __lab: LabEvent[] }).__lab);
    const stepEvents = events.filter((e) => e.name === 'lab:step');
    const gaps = stepEvents.slice(2).map((e, i) => e.at - stepEvents[i + 1]!.at);
    const probes = events.filter((e) => e.name === 'lab:view' && e.probe && e.accuracy !== undefined);
    const hit = probes.find((e) => e.accuracy! >= 0.8);
    return {
      backend,
      preset,
      steps: stepEvents.length,
      stepsPerSecond: 1000 / median(gaps),
      secondsTo80: hit ? (hit.at - start) / 1000 : undefined,
      bestAccuracy: Math.max(0, ...probes.map((e) => e.accuracy!)),
    };
  } catch (err) {
    return {
      backend,
      preset,
      steps: 0,
      stepsPerSecond: 0,
      bestAccuracy: 0,
      error: (err as Error).message.split('\n')[0],
    };
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** `launch` starts a browser; a case that loses it (a crashed page) is reported and the next gets a new one. */
export async function benchLabs(
  launch: () => Promise<Browser>,
  baseUrl: string,
  runs: number,
  steps: number,
): Promise<LabBench> {
  let browser = await launch();
  const alive = async (): Promise<Browser> => (browser.isConnected() ? browser : (browser = await launch()));
  const redraw: LabRedraw[] = [];
  for (const c of CONTROLS) {
    const r = await redrawCase(await alive(), baseUrl, c, runs);
    redraw.push(r);
    process.stderr.write(
      `${`${r.lab}: ${r.control}`.padEnd(44)} ${r.error ? `not measured: ${r.error}` : `${r.medianMs!.toFixed(1)} ms (median of ${runs})`}\n`,
    );
  }
  const training: TrainingBench[] = [];
  // --lab-steps 0 measures the redraws only.
  const plan: [string, string, number][] =
    steps > 0
      ? [
          ['wasm', 'xs', steps],
          ['wasm', 'lit', steps],
          // WebGL here runs on SwiftShader: a short run gives its steps per second.
          ['webgl', 'xs', Math.min(steps, 10)],
        ]
      : [];
  for (const [backend, preset, n] of plan) {
    const t = await trainingCase(await alive(), baseUrl, backend, preset, n);
    training.push(t);
    process.stderr.write(
      `training lab ${backend} ${preset}: ${t.error ? `not measured: ${t.error}` : `${t.stepsPerSecond.toFixed(2)} steps/s over ${t.steps} steps; 80% zero-shot ${t.secondsTo80 === undefined ? `not reached (best ${(100 * t.bestAccuracy).toFixed(0)}%)` : `after ${t.secondsTo80.toFixed(1)} s`}`}\n`,
    );
  }
  await browser.close().catch(() => undefined);
  return { redraw, training };
}
