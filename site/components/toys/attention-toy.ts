// The attention toy's page script: number inputs for every q, k and v, draggable tips, the scaling switch,
// the causal mask, a gain on q and k, and the width d_h of the random vectors (the options come from the
// model configs; the model picked in the model panel is preselected when the page lists its config).
import { type ToyResult, type ToyToken } from '../../../src/lab/attention-toy';
import { type ToyVector, RANGE, drawAttentionToy } from '../../../src/viz/attention-toy';
import { exportToolbar } from '../../../src/viz/export';
import { formatValue } from '../../../src/viz/scales';
import { setVizLang } from '../../../src/viz/strings';
import { MODEL_EVENT, type ModelChoice, readChoice } from '../../lib/model-choice';
import { button, checkbox, logRange, numberInput, select } from './controls';
import { type AttentionToyConfig, DH_KEYS, DH_SAMPLES, TOY_TOKENS } from './toy-state';
import { type ToyStrings, toyStrings } from './toy-strings';

const copy = (ts: readonly ToyToken[]): ToyToken[] =>
  ts.map((t) => ({ q: [...t.q], k: [...t.k], v: [...t.v] }));

/** The text tower's head width of a model the page lists (script[data-model-list]), if any. */
function listedHeadWidth(name: string | null): number | null {
  if (!name) return null;
  try {
    const list = JSON.parse(document.querySelector('script[data-model-list]')?.textContent ?? '[]') as {
      name: string;
      config: { transformer_width: number; transformer_heads: number };
    }[];
    const c = list.find((m) => m.name === name)?.config;
    return c ? c.transformer_width / c.transformer_heads : null;
  } catch {
    return null;
  }
}

class AttentionToyPage {
  private readonly s: ToyStrings;
  private readonly body: HTMLElement;
  private tokens = copy(TOY_TOKENS);
  private scaled = true;
  private causal = true;
  private gain = 1;
  private dh: number;
  private result: ToyResult | null = null;
  private inputs: HTMLElement[] = [];

  constructor(
    private readonly fig: HTMLElement,
    private readonly cfg: AttentionToyConfig,
  ) {
    setVizLang(cfg.lang); // before the export toolbar names itself
    this.s = toyStrings(cfg.lang);
    this.body = fig.querySelector<HTMLElement>(':scope > .fig-body')!;
    this.dh = listedHeadWidth(readChoice()) ?? cfg.dh;
    if (!cfg.dhOptions.some((o) => o.dh === this.dh)) this.dh = cfg.dh;
    fig.querySelector(':scope > .fig-status')!.textContent = this.s.liveNote;
    this.buildControls();
    exportToolbar(fig, 'inside-clip-attention-toy', () => ({
      json: {
        words: this.s.words,
        tokens: this.tokens,
        scaled: this.scaled,
        causal: this.causal,
        gain: this.gain,
        ...this.result,
      },
    }));
    document.addEventListener(MODEL_EVENT, (e) => {
      const dh = listedHeadWidth((e as CustomEvent<ModelChoice>).detail.name);
      if (!dh || !cfg.dhOptions.some((o) => o.dh === dh)) return;
      this.dh = dh;
      this.buildControls();
      this.redraw();
    });
    this.redraw();
  }

  private buildControls(): void {
    const { s } = this;
    const controls = this.fig.querySelector<HTMLElement>(':scope > .fig-controls')!;
    const switches = document.createElement('div');
    switches.className = 'toy-switches';
    switches.append(
      checkbox(s.scaled, this.scaled, (v) => ((this.scaled = v), this.redraw())),
      checkbox(s.causal, this.causal, (v) => ((this.causal = v), this.redraw())),
      logRange(
        s.gain,
        0.25,
        8,
        this.gain,
        (v) => `× ${formatValue(v)}`,
        (v) => ((this.gain = v), this.redraw()),
      ),
      select(
        s.dh,
        this.cfg.dhOptions.map((o) => [String(o.dh), o.label]),
        String(this.dh),
        (v) => {
          this.dh = Number(v);
          this.redraw();
        },
      ),
      button(s.reset, () => {
        this.tokens = copy(TOY_TOKENS);
        this.scaled = this.causal = true;
        this.gain = 1;
        this.buildControls();
        this.redraw();
      }),
    );
    const tokens = document.createElement('div');
    tokens.className = 'toy-tokens';
    this.inputs = [];
    this.tokens.forEach((t, i) => {
      const set = document.createElement('fieldset');
      set.className = `toy-token toy-tok-${i}`;
      const legend = document.createElement('legend');
      legend.textContent = s.token(s.words[i]!);
      set.append(legend);
      for (const vec of ['q', 'k', 'v'] as const)
        for (const axis of [0, 1] as const) {
          const field = numberInput(s.coord(vec, axis ? 'y' : 'x'), t[vec][axis]!, RANGE, (v) => {
            (this.tokens[i]![vec] as number[])[axis] = v;
            this.redraw(field);
          });
          field.dataset.slot = `${vec}${i}${axis}`;
          this.inputs.push(field);
          set.append(field);
        }
      tokens.append(set);
    });
    controls.replaceChildren(switches, tokens);
    controls.hidden = false;
  }

  private move(i: number, vec: ToyVector, xy: [number, number]): void {
    (this.tokens[i]![vec] as number[]).splice(0, 2, ...xy);
    this.redraw();
  }

  /** Redraws, and writes the numbers back into every input but the one being typed in. */
  private redraw(typing?: HTMLElement): void {
    setVizLang(this.cfg.lang);
    const view = {
      words: this.s.words,
      tokens: this.tokens,
      scaled: this.scaled,
      causal: this.causal,
      gain: this.gain,
      dh: this.dh,
      samples: DH_SAMPLES,
      keys: DH_KEYS,
    };
    this.result = drawAttentionToy(this.body, view, this.s, (i, vec, xy) => this.move(i, vec, xy));
    for (const field of this.inputs) {
      if (field === typing) continue;
      const [vec, i, axis] = [
        field.dataset.slot![0] as ToyVector,
        Number(field.dataset.slot![1]),
        Number(field.dataset.slot![2]),
      ];
      field.querySelector('input')!.value = String(this.tokens[i]![vec][axis]);
    }
  }
}

export function hydrateAttentionToys(): void {
  document.querySelectorAll<HTMLElement>('figure[data-toy="attention"]').forEach((fig) => {
    const json = fig.querySelector(':scope > script.toy-config')?.textContent;
    if (!json || fig.dataset.hydrated) return;
    fig.dataset.hydrated = 'true';
    try {
      new AttentionToyPage(fig, JSON.parse(json) as AttentionToyConfig);
    } catch (err) {
      console.warn('attention toy not interactive:', err);
    }
  });
}
