// The model panel's hub section: one-click OpenAI models and a field for any CLIPModel repository. A read
// shows the sizes first (and refuses when the browser's quota is short); the conversion runs in a worker
// with progress and cancel; a finished model joins the picker and the figures switch to it. A failure
// leaves the current model in use and says why in the page's language.
import { parseRepoRef } from '../../src/weights/hub';
import { HubError, type HubErrorKind } from '../../src/weights/hub-error';
import type { StoreDtype } from '../../src/weights/shards';
import type { HubRequest, HubResponse } from '../../src/runtime/hub-protocol';
import type { HubOffer } from '../../src/runtime/hub-store';
import { openPort, type Port } from '../../src/runtime/port';
import type { UiStrings } from '../i18n/en';
import { CATALOGUE, float32Bytes, hubEndpoint } from '../lib/hub-catalogue';
import type { SpeedEstimate } from '../lib/speed';

type Hub = UiStrings['models']['hub'];

export interface HubPanelHooks {
  t: Hub;
  bytes: (n: number) => string;
  /** A duration in the page's language (site/lib/speed.ts, formatSeconds). */
  seconds: (ms: number) => string;
  el: <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string) => HTMLElementTagNameMap[K];
  /** A stored hub model became whole: the panel lists it and picks it. */
  added: (name: string) => Promise<void>;
  uid: string;
}

const ENDPOINT = hubEndpoint(import.meta.env.PUBLIC_HF_ENDPOINT as string | undefined);
const DTYPES: StoreDtype[] = ['F16', 'I8', 'F32'];

export function errorSentence(t: Hub, kind: HubErrorKind, repo: string, detail: string, bytes = ''): string {
  const e = t.errors;
  switch (kind) {
    case 'bad-id':
      return e['bad-id'](repo);
    case 'not-found':
    case 'gated':
    case 'network':
    case 'integrity':
    case 'cancelled':
      return e[kind](repo);
    case 'quota':
      return bytes ? e.quota(bytes, detail) : e.quotaFull(repo);
    default:
      return e[kind](repo, detail);
  }
}

/** What the bench measured for a catalogue model, as a sentence beside its size. */
export function speedSentence(t: Hub, s: SpeedEstimate, seconds: (ms: number) => string): string {
  return t.catalogueSpeed(
    seconds(s.imageMs),
    seconds(s.captionMs),
    seconds(s.capturedImageMs),
    s.cores,
    s.date,
  );
}

let port: Port<HubRequest> | null = null;
const listeners = new Set<(m: HubResponse) => void>();

function hubPort(): Port<HubRequest> {
  port ??= openPort<HubRequest, HubResponse>({
    init: { type: 'init' },
    worker: () => new Worker(new URL('../../src/runtime/hub-worker.ts', import.meta.url), { type: 'module' }),
    inPage: () => import('../../src/runtime/hub-worker').then(({ createHubHost }) => createHubHost),
    receive: (m) => listeners.forEach((f) => f(m)),
    fail: (_where, detail) =>
      listeners.forEach((f) => f({ type: 'error', job: -1, kind: 'format', message: detail })),
  }).port;
  return port;
}

export function mountHub(root: HTMLElement, h: HubPanelHooks): void {
  const { t, el, bytes } = h;
  const section = el('section', 'hub');
  section.setAttribute('aria-labelledby', `${h.uid}-hub-title`);
  const title = el('h3', 'hub-title', t.title);
  title.id = `${h.uid}-hub-title`;
  const note = el('p', 'model-panel-note', t.note);

  const catalogue = el('div', 'hub-catalogue');
  catalogue.setAttribute('role', 'group');
  catalogue.setAttribute('aria-label', t.catalogue);
  const form = el('form', 'hub-form');
  const input = el('input', 'hub-input');
  Object.assign(input, {
    type: 'text',
    name: 'repo',
    id: `${h.uid}-hub-repo`,
    placeholder: 'org/name@revision',
    autocomplete: 'off',
    spellcheck: false,
  });
  input.setAttribute('aria-describedby', `${h.uid}-hub-hint`);
  const label = el('label', 'hub-label', t.repoLabel);
  label.htmlFor = input.id;
  const hint = el('p', 'hub-hint', t.repoHint);
  hint.id = `${h.uid}-hub-hint`;
  const dtype = el('select', 'hub-select');
  dtype.id = `${h.uid}-hub-dtype`;
  for (const d of DTYPES) dtype.append(Object.assign(el('option', '', t.dtypes[d]), { value: d }));
  const dtypeLabel = el('label', 'hub-label', t.dtypeLabel);
  dtypeLabel.htmlFor = dtype.id;
  const read = el('button', 'model-button', t.read);
  read.type = 'submit';
  const row = el('div', 'hub-row');
  row.append(input, read);
  form.append(label, row, hint, dtypeLabel, dtype);

  const offerBox = el('div', 'hub-offer');
  const offerText = el('p', 'model-meta');
  const go = el('button', 'model-button', t.go);
  const dismiss = el('button', 'model-button', t.dismiss);
  const actions = el('div', 'model-actions');
  actions.append(go, dismiss);
  offerBox.append(offerText, actions);
  offerBox.hidden = true;
  const progressWrap = el('div', 'model-progress');
  const progress = el('progress', 'model-progress-bar');
  const progressText = el('span', 'model-progress-text');
  progressText.setAttribute('aria-hidden', 'true');
  const cancel = el('button', 'model-button', t.cancel);
  progressWrap.append(progress, progressText, cancel);
  progressWrap.hidden = true;
  const state = el('p', 'model-state');
  state.setAttribute('role', 'status');
  for (const b of [go, dismiss, cancel]) b.type = 'button';

  CATALOGUE.forEach((entry, i) => {
    const item = el('div', 'hub-entry');
    const b = el('button', 'model-button hub-pick', entry.label);
    b.type = 'button';
    b.dataset.hubRepo = entry.repo;
    b.append(' ', el('span', 'model-dtype', t.catalogueSize(bytes(float32Bytes(entry.config)))));
    b.addEventListener('click', () => {
      input.value = entry.repo;
      start(entry.repo);
    });
    item.append(b);
    if (entry.speed) {
      const speed = el('p', 'hub-speed', speedSentence(t, entry.speed, h.seconds));
      speed.id = `${h.uid}-hub-speed-${i}`;
      b.setAttribute('aria-describedby', speed.id);
      item.append(speed);
    }
    catalogue.append(item);
  });
  section.append(title, note, catalogue, form, offerBox, progressWrap, state);
  root.append(section);

  let job = 0;
  let offer: HubOffer | null = null;
  let repo = '';
  let busy = false;
  const setBusy = (on: boolean): void => {
    busy = on;
    read.disabled = on;
    for (const b of catalogue.querySelectorAll('button')) b.disabled = on;
  };
  const say = (text: string): void => {
    state.textContent = text;
  };

  function fail(kind: HubErrorKind, message: string, extra = ''): void {
    offerBox.hidden = true;
    progressWrap.hidden = true;
    setBusy(false);
    say(`${errorSentence(t, kind, repo, message, extra)} ${t.kept}`);
    section.dataset.state = 'error';
    section.dataset.error = kind;
  }

  function start(text: string): void {
    if (busy) return;
    let ref;
    try {
      ref = parseRepoRef(text);
    } catch (err) {
      repo = text.trim();
      fail(err instanceof HubError ? err.kind : 'bad-id', (err as Error).message);
      input.focus();
      return;
    }
    repo = ref.revision === 'main' ? ref.repo : `${ref.repo}@${ref.revision}`;
    job++;
    offer = null;
    setBusy(true);
    offerBox.hidden = true;
    section.dataset.state = 'reading';
    delete section.dataset.error;
    say(t.reading(repo));
    const base = new URL(import.meta.env.BASE_URL, location.href).pathname;
    hubPort().send({
      type: 'read',
      job,
      endpoint: ENDPOINT,
      input: text,
      dtype: dtype.value as StoreDtype,
      base,
    });
  }

  async function quotaShort(need: number): Promise<string | null> {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    if (!estimate?.quota) return null;
    const free = estimate.quota - (estimate.usage ?? 0);
    return free < need * 1.05 ? bytes(Math.max(0, free)) : null;
  }

  listeners.add((m) => {
    if (m.job !== job && m.job !== -1) return; // a reply to a read the reader replaced
    if (m.type === 'error') return fail(m.kind, m.message);
    if (m.type === 'offer') {
      offer = m.offer;
      setBusy(false);
      section.dataset.state = 'offer';
      offerText.textContent = m.offer.alreadyStored
        ? t.stored(repo)
        : t.offer(
            repo,
            m.offer.commit.slice(0, 12),
            bytes(m.offer.downloadBytes),
            bytes(m.offer.storedBytes),
            bytes(m.offer.memoryBytes),
          ) + (m.offer.resumeBytes > 0 ? t.resumes(bytes(m.offer.resumeBytes)) : '');
      go.textContent = m.offer.alreadyStored ? t.use : t.go;
      offerBox.hidden = false;
      say('');
      go.focus();
      return;
    }
    if (m.type === 'progress') {
      progress.max = m.total;
      progress.value = m.done;
      const percent = m.total > 0 ? Math.floor((m.done / m.total) * 100) : 0;
      progressText.textContent = `${bytes(m.done)} / ${bytes(m.total)} (${percent} %)`;
      return;
    }
    if (m.type === 'done') {
      progressWrap.hidden = true;
      setBusy(false);
      section.dataset.state = 'done';
      say(t.done(repo));
      void h.added(m.manifest.name);
    }
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    start(input.value);
  });
  dismiss.addEventListener('click', () => {
    offerBox.hidden = true;
    offer = null;
    job++;
    section.dataset.state = 'idle';
    input.focus();
  });
  go.addEventListener('click', () => {
    const chosen = offer;
    if (!chosen) return;
    if (chosen.alreadyStored) {
      offerBox.hidden = true;
      say(t.done(repo));
      void h.added(chosen.name);
      return;
    }
    void quotaShort(chosen.storedBytes).then((free) => {
      if (offer !== chosen) return;
      if (free !== null) return fail('quota', free, bytes(chosen.storedBytes));
      offerBox.hidden = true;
      progress.removeAttribute('value');
      progress.setAttribute('aria-label', t.progressLabel(repo));
      progressText.textContent = '';
      progressWrap.hidden = false;
      setBusy(true);
      section.dataset.state = 'converting';
      say(t.converting(repo));
      cancel.focus();
      hubPort().send({ type: 'convert', job });
    });
  });
  cancel.addEventListener('click', () => hubPort().send({ type: 'cancel', job }));
}
