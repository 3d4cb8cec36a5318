// The token strip (the 77-position context window: SOT, the text's tokens, EOT, padding) and the BPE
// merges of each pre-token step by step. Plain HTML lists: tokens are text, always set with textContent.
import { ensure } from './dom';
import { t } from './strings';

export interface TokenCell {
  /** The vocabulary string, shown as text ('</w>' marks a word end). */
  token: string;
  id: number;
  kind: 'sot' | 'eot' | 'token' | 'pad';
}

export interface TokenStripData {
  tokens: TokenCell[];
  /** The window length (77); positions after the tokens are padding with id 0. */
  contextLength: number;
  /** True when the text was cut to fit the window. */
  truncated?: boolean;
}

/** Tokens → cells with kinds, from [SOT, ..., EOT] ids and their strings. */
export function tokenCells(
  ids: readonly number[],
  tokens: readonly string[],
  sot: number,
  eot: number,
): TokenCell[] {
  return ids.map((id, i) => ({
    id,
    token: tokens[i] ?? '',
    kind: id === sot ? 'sot' : id === eot ? 'eot' : 'token',
  }));
}

/** Shows '</w>' as a visible word-end mark and non-printing characters as code points. */
export function displayToken(token: string): string {
  const visible = Array.from(token.replace('</w>', '·'), (ch) => {
    const code = ch.codePointAt(0)!;
    return code < 0x20 ? `U+${code.toString(16).padStart(4, '0')}` : ch;
  });
  return visible.join('');
}

export function tokenStrip(root: HTMLElement, data: TokenStripData, sym = 'text-tokens'): void {
  root.classList.add('viz', 'viz-tokens');
  root.dataset.sym = sym;
  const list = ensure(root, 'ol', 'viz-token-list') as HTMLOListElement;
  list.setAttribute('aria-label', t().window(data.contextLength));
  const doc = root.ownerDocument!;
  const pad = Math.max(0, data.contextLength - data.tokens.length);
  const items: { cell: TokenCell; pos: string }[] = data.tokens.map((cell, i) => ({ cell, pos: String(i) }));
  if (pad > 0) {
    const first = data.tokens.length;
    items.push({
      cell: { token: `0 × ${pad}`, id: 0, kind: 'pad' },
      pos: `${first}–${data.contextLength - 1}`,
    });
  }
  list.replaceChildren(
    ...items.map(({ cell, pos }) => {
      const li = doc.createElement('li');
      li.className = `viz-token viz-token-${cell.kind}`;
      const p = doc.createElement('span');
      p.className = 'viz-token-pos';
      p.textContent = pos;
      const text = doc.createElement('span');
      text.className = 'viz-token-text';
      text.textContent = cell.kind === 'pad' ? t().padding : displayToken(cell.token);
      const n = doc.createElement('span');
      n.className = 'viz-token-id';
      n.textContent = cell.kind === 'pad' ? cell.token : String(cell.id);
      li.append(p, text, n);
      return li;
    }),
  );
  const note = ensure(root, 'p', 'viz-token-note');
  note.textContent = data.truncated
    ? t().truncated(data.contextLength - 1)
    : t().used(data.tokens.length, data.contextLength);
  note.classList.toggle('viz-warning', Boolean(data.truncated));
}

export interface MergeStepsData {
  text: string;
  /** Symbols before any merge. */
  initial: string[];
  /** The symbols after each merge, with the pair merged. */
  merges: { pair: [string, string]; rank?: number; parts: string[] }[];
  ids: number[];
}

/** One row per pre-token: its symbols before merging, after each merge, then the ids. */
export function mergeSteps(root: HTMLElement, pretokens: readonly MergeStepsData[]): void {
  root.classList.add('viz', 'viz-merges');
  const list = ensure(root, 'ol', 'viz-merge-list') as HTMLOListElement;
  const doc = root.ownerDocument!;
  const symbols = (xs: readonly string[]): HTMLElement => {
    const span = doc.createElement('span');
    span.className = 'viz-symbols';
    for (const x of xs) {
      const s = doc.createElement('span');
      s.className = 'viz-symbol';
      s.textContent = displayToken(x);
      span.appendChild(s);
    }
    return span;
  };
  list.replaceChildren(
    ...pretokens.map((p) => {
      const li = doc.createElement('li');
      const head = doc.createElement('p');
      head.className = 'viz-merge-word';
      head.textContent = p.text;
      const steps = doc.createElement('ol');
      steps.className = 'viz-merge-steps';
      const first = doc.createElement('li');
      first.append(symbols(p.initial));
      steps.appendChild(first);
      for (const m of p.merges) {
        const li2 = doc.createElement('li');
        const label = doc.createElement('span');
        label.className = 'viz-merge-pair';
        label.textContent = t().merge(displayToken(m.pair[0]), displayToken(m.pair[1]));
        li2.append(label, symbols(m.parts));
        steps.appendChild(li2);
      }
      const ids = doc.createElement('p');
      ids.className = 'viz-merge-ids';
      ids.textContent = `${t().ids} ${p.ids.join(', ')}`;
      li.append(head, steps, ids);
      return li;
    }),
  );
}

/** Short token labels: SOT/EOT spelled out, word ends shown as a middle dot. */
export function tokenLabels(tokens: readonly string[]): string[] {
  return tokens.map((t) =>
    t === '<|startoftext|>' ? 'SOT' : t === '<|endoftext|>' ? 'EOT' : displayToken(t),
  );
}
