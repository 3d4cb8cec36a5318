// The training lab's controls: play/pause, step, reset, clear the ghost run, and the settings (model preset,
// learning rate, batch size, temperature). Native buttons and selects, so they work from the keyboard.
import type { LabSettings } from '../../../src/train/training-lab';
import { labelled } from '../controls/fields';
import { BATCH_CHOICES, LR_CHOICES, PRESET_CHOICES } from './training-settings';
import type { TrainingStrings } from './training-strings';

export interface ControlHandlers {
  play(): void;
  pause(): void;
  step(): void;
  reset(): void;
  clearGhost(): void;
  change(settings: LabSettings): void;
}

export interface Controls {
  setPlaying(playing: boolean): void;
  setEnabled(enabled: boolean): void;
  setGhost(present: boolean): void;
}

function button(text: string, cls: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `tl-button ${cls}`;
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function select<T extends string | number>(
  choices: readonly T[],
  value: T,
  label: (v: T) => string,
  onChange: (v: T) => void,
): HTMLSelectElement {
  const s = document.createElement('select');
  s.className = 'fig-select';
  for (const c of choices) {
    const o = document.createElement('option');
    o.value = String(c);
    o.textContent = label(c);
    s.appendChild(o);
  }
  s.value = String(value);
  s.addEventListener('change', () => onChange(choices.find((c) => String(c) === s.value)!));
  return s;
}

export function buildControls(
  root: HTMLElement,
  s: TrainingStrings,
  settings: LabSettings,
  on: ControlHandlers,
): Controls {
  let current = { ...settings };
  let playing = false;
  const update = (patch: Partial<LabSettings>): void => {
    current = { ...current, ...patch };
    on.change(current);
  };
  const playButton = button(s.play, 'tl-play', () => (playing ? on.pause() : on.play()));
  const stepButton = button(s.step, 'tl-step', on.step);
  const resetButton = button(s.reset, 'tl-reset', on.reset);
  const ghostButton = button(s.clearGhost, 'tl-clear-ghost', on.clearGhost);
  ghostButton.hidden = true;
  const actions = document.createElement('div');
  actions.className = 'tl-actions';
  actions.setAttribute('role', 'group');
  actions.append(playButton, stepButton, resetButton, ghostButton);

  const preset = select(
    PRESET_CHOICES,
    current.preset,
    (p) => s.presets[p],
    (p) => update({ preset: p }),
  );
  preset.classList.add('tl-preset');
  const lr = select(
    LR_CHOICES,
    current.lr as (typeof LR_CHOICES)[number],
    (v) => v.toExponential(0),
    (v) => update({ lr: v }),
  );
  lr.classList.add('tl-lr');
  const batch = select(BATCH_CHOICES, current.batchSize as (typeof BATCH_CHOICES)[number], String, (v) =>
    update({ batchSize: v }),
  );
  batch.classList.add('tl-batch');
  const temp = select(
    ['learned', 'fixed'] as const,
    current.learnedTemperature ? 'learned' : 'fixed',
    (v) => (v === 'learned' ? s.learned : s.fixed),
    (v) => update({ learnedTemperature: v === 'learned' }),
  );
  temp.classList.add('tl-temperature');
  const fields = [
    labelled(s.model, preset),
    labelled(s.lr, lr),
    labelled(s.batch, batch),
    labelled(s.temperature, temp),
  ];
  root.replaceChildren(actions, ...fields);
  root.hidden = false;
  const all = [playButton, stepButton, resetButton, preset, lr, batch, temp];
  return {
    setPlaying(p) {
      playing = p;
      playButton.textContent = p ? s.pause : s.play;
      stepButton.disabled = p;
    },
    setEnabled(enabled) {
      for (const c of all) c.disabled = !enabled;
      if (enabled) stepButton.disabled = playing;
    },
    setGhost(present) {
      ghostButton.hidden = !present;
    },
  };
}
