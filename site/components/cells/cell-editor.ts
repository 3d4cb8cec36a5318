// The cell's editor: CodeMirror 6 (accessible contenteditable, modular, so only the pieces below ship, and
// only once a reader uses a cell). JavaScript with highlighting, history, bracket matching and
// auto-indentation; Shift+Enter and Ctrl+Enter run; Tab is left to the page, so keyboard readers move on
// (Ctrl+] and Ctrl+[ indent). Colours come from the site's CSS variables, so both themes follow.
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  drawSelection,
  EditorView,
  highlightActiveLine,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword], color: 'var(--cell-keyword)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--cell-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--cell-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--fg-muted)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--cell-call)' },
  { tag: tags.propertyName, color: 'var(--fg)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--bg)', color: 'var(--fg)', fontSize: '0.9rem' },
  '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'var(--fg)', padding: '0.5rem 0' },
  '.cm-gutters': { backgroundColor: 'var(--bg-soft)', color: 'var(--fg-muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--bg-soft) 70%, transparent)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '2px' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'color-mix(in srgb, var(--text-hue) 30%, transparent)',
  },
  '.cm-error-line': { backgroundColor: 'color-mix(in srgb, #d33 22%, transparent)' },
});

const markError = StateEffect.define<number | null>();
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (e.is(markError)) {
        if (e.value === null || e.value > tr.state.doc.lines) return Decoration.none;
        const line = tr.state.doc.line(e.value);
        return Decoration.set([Decoration.line({ class: 'cm-error-line' }).range(line.from)]);
      }
    }
    return tr.docChanged ? Decoration.none : deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export interface CellEditor {
  code(): string;
  set(code: string): void;
  focus(): void;
  /** Marks (and moves the cursor to) a line and column of the code, or clears the mark. */
  showError(line: number | null, column?: number): void;
}

export function createEditor(
  parent: HTMLElement,
  code: string,
  o: { label: string; describedBy: string; run: () => void },
): CellEditor {
  const run = (): boolean => {
    o.run();
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: code,
      extensions: [
        Prec.highest(
          keymap.of([
            { key: 'Shift-Enter', run },
            { key: 'Mod-Enter', run },
          ]),
        ),
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        javascript(),
        syntaxHighlighting(highlight),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap]),
        errorLine,
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': o.label, 'aria-describedby': o.describedBy }),
      ],
    }),
  });
  return {
    code: () => view.state.doc.toString(),
    set: (text) =>
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        effects: markError.of(null),
      }),
    focus: () => view.focus(),
    showError(line, column = 1) {
      if (line === null || line < 1 || line > view.state.doc.lines) {
        view.dispatch({ effects: markError.of(null) });
        return;
      }
      const l = view.state.doc.line(line);
      const at = Math.min(l.to, l.from + Math.max(0, column - 1));
      view.dispatch({ effects: markError.of(line), selection: { anchor: at }, scrollIntoView: true });
    },
  };
}
