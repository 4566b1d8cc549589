/*
 * <fs-scenario-editor>: Folioscope's scenario editor, CodeMirror 6.
 *
 * The server side is dev.folioscope.web.editor.ScenarioEditor. It sets:
 *   vocabulary - JSON of the words to complete (dev.folioscope.web.editor.Vocabulary)
 * and calls:
 *   load(text) - replace the whole text
 *   run()      - dispatch "editor-run" with the current text, as Ctrl+Enter does
 * It answers this.$server.lint(text) with a JSON array of {from, to, message}: the validator's
 * first problem. The linter asks 300 ms after the last change.
 *
 * Events: "editor-run", bubbling, detail {text}.
 * For tests and other scripts: the element's `view` property is the EditorView.
 */
import { EditorView, basicSetup } from 'codemirror';
import { EditorState, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { indentWithTab } from '@codemirror/commands';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter } from '@codemirror/lint';
import { tags } from '@lezer/highlight';

/*
 * Enter at the end of a line that opens a block ("key:" or "- key:", nothing after the colon but a
 * comment) starts the next line two columns past the key, where the block's keys go: for
 * "  - free:" that is column 6, under "free", as every scenario is written; lang-yaml's own
 * indentation stops short of it. Any other Enter is CodeMirror's.
 */
function newlineIntoBlock(view) {
  const { state } = view;
  const at = state.selection.main;
  if (state.selection.ranges.length > 1 || !at.empty) {
    return false;
  }
  const line = state.doc.lineAt(at.head);
  const block = at.head === line.to && /^(\s*(?:-\s+)?)[A-Za-z_][A-Za-z0-9_]*\s*:\s*(?:#.*)?$/.exec(line.text);
  if (!block) {
    return false;
  }
  const insert = '\n' + ' '.repeat(block[1].length + 2);
  view.dispatch(state.update({ changes: { from: at.head, insert }, selection: { anchor: at.head + insert.length },
    scrollIntoView: true, userEvent: 'input' }));
  return true;
}

/* The colours of frontend/styles/folioscope.css (--fs-*), as a DevTools-like dark editor. */
const theme = EditorView.theme({
  '&': { height: '100%', color: '#c9d1d9', backgroundColor: '#0d1117', fontSize: '13px' },
  '&.cm-focused': { outline: '1px solid #58a6ff' },
  '.cm-scroller': { fontFamily: 'var(--fs-mono, monospace)', lineHeight: '1.45' },
  '.cm-content': { caretColor: '#f0b429' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: '#f0b429' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground':
    { backgroundColor: 'rgba(88, 166, 255, 0.25)' },
  '.cm-gutters': { backgroundColor: '#11161d', color: '#8b949e', borderRight: '1px solid #30363d' },
  '.cm-activeLine': { backgroundColor: 'rgba(240, 180, 41, 0.06)' },
  '.cm-activeLineGutter': { backgroundColor: 'rgba(240, 180, 41, 0.16)', color: '#c9d1d9' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'rgba(88, 166, 255, 0.3)' },
  '.cm-tooltip': { backgroundColor: '#161b22', color: '#c9d1d9', border: '1px solid #30363d' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: '#1f3a5f', color: '#ffffff' },
  '.cm-completionDetail': { color: '#8b949e', fontStyle: 'normal', marginLeft: '1em' },
  '.cm-completionInfo': { maxWidth: '420px' },
  '.cm-diagnostic-error': { borderLeft: '4px solid #f85149' },
  // @codemirror/lint draws its underline and gutter marker with data: SVG images, which the
  // app's Content-Security-Policy (img-src 'self') blocks: draw them with CSS instead.
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy #f85149',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.cm-lint-marker-error': {
    content: 'normal',
    width: '0.6em',
    height: '0.6em',
    margin: '0.3em 0.2em',
    borderRadius: '50%',
    backgroundColor: '#f85149',
  },
  '.cm-panels': { backgroundColor: '#161b22', color: '#c9d1d9' },
  '.cm-foldPlaceholder': { backgroundColor: '#30363d', border: 'none', color: '#c9d1d9' },
}, { dark: true });

const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: '#79c0ff' },
  { tag: [tags.string, tags.special(tags.string), tags.content], color: '#a5d6ff' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: '#f0b429' },
  { tag: [tags.keyword, tags.typeName, tags.labelName, tags.meta], color: '#ff7b72' },
  { tag: tags.comment, color: '#8b949e', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: '#8b949e' },
]);

const LINT_DELAY_MS = 300;

class FsScenarioEditor extends HTMLElement {
  constructor() {
    super();
    this._vocabulary = { sections: {}, kinds: [], gfp: [] };
    this._kinds = new Map();
    this._view = null;
    this._pending = null;
    this._completionSource = (context) => this._complete(context);
  }

  connectedCallback() {
    this._upgradeProperty('vocabulary');
    if (this._view) {
      return;
    }
    this._view = new EditorView({
      parent: this,
      state: EditorState.create({ doc: this._pending ?? '', extensions: this._extensions() }),
    });
    this._pending = null;
  }

  /** The CodeMirror EditorView. */
  get view() {
    return this._view;
  }

  get vocabulary() {
    return this._vocabulary;
  }

  set vocabulary(value) {
    try {
      this._vocabulary = typeof value === 'string' ? JSON.parse(value) : value;
    } catch (e) {
      console.error('fs-scenario-editor: vocabulary is not valid JSON', e);
      return;
    }
    this._kinds = new Map(this._vocabulary.kinds.map((k) => [k.label, k]));
  }

  /** Replaces the whole text (the linter then runs on it). */
  load(text) {
    if (!this._view) {
      this._pending = text;
      return;
    }
    this._view.dispatch({ changes: { from: 0, to: this._view.state.doc.length, insert: text },
      selection: { anchor: 0 }, scrollIntoView: true });
  }

  /** Sends the text to the server's run listeners. */
  run() {
    const text = this._view ? this._view.state.doc.toString() : (this._pending ?? '');
    this.dispatchEvent(new CustomEvent('editor-run', { bubbles: true, detail: { text } }));
    return true;
  }

  _extensions() {
    return [
      basicSetup,
      Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => this.run() }])),
      Prec.high(keymap.of([{ key: 'Enter', run: newlineIntoBlock }])),
      keymap.of([indentWithTab]),
      yaml(),
      theme,
      syntaxHighlighting(highlight),
      lintGutter(),
      linter((view) => this._lint(view), { delay: LINT_DELAY_MS }),
      // one function for the editor's lifetime: autocompletion tells its running queries apart by
      // the source's identity, and a new closure per lookup would leave every query pending forever
      EditorState.languageData.of(() => [{ autocomplete: this._completionSource }]),
      EditorView.contentAttributes.of({ 'aria-label': 'Scenario YAML' }),
    ];
  }

  async _lint(view) {
    if (!this.$server) {
      return [];
    }
    const text = view.state.doc.toString();
    const found = JSON.parse(await this.$server.lint(text));
    const length = view.state.doc.length;
    return found.map((d) => ({
      from: Math.min(d.from, length),
      to: Math.min(d.to, length),
      severity: 'error',
      message: d.message,
    }));
  }

  /*
   * Completion, by the line before the cursor (cheap, and right for the files people write):
   *   a gfp value (after "gfp:", "|", or in a gfp mapping)  -> gfp names
   *   "- " of a list under steps                           -> step kinds
   *   a key (line start, or after "{" or ", ")             -> the keys of the mapping it is in:
   *      the step kind of its list item, machine, sysctl, a zone under zones, or the top level
   */
  _complete(context) {
    const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
    const from = word ? word.from : context.pos;
    if (!word && !context.explicit) {
      return null;
    }
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, from - line.from);
    const options = this._optionsFor(context.state.doc, line, before);
    return options && options.length ? { from, options, validFor: /^[A-Za-z0-9_]*$/ } : null;
  }

  _optionsFor(doc, line, before) {
    const v = this._vocabulary;
    const blank = /^\s*$/.test(before);
    if (/\bgfp:\s*([A-Za-z0-9_]+\s*\|\s*)*$/.test(before)
        || /\bgfp:\s*\{([^}]*,)?\s*$/.test(before)
        || (blank && this._parentKey(doc, line, before.length, false)?.key === 'gfp')) {
      return v.gfp;
    }
    if (/^\s*-\s+$/.test(before)) {
      return this._parentKey(doc, line, before.indexOf('-'), true)?.key === 'steps' ? v.kinds : null;
    }
    const flow = /^\s*-\s+([a-z_]+):\s*\{([^}]*,)?\s*$/.exec(before);
    if (flow) {
      return this._kinds.get(flow[1])?.keys ?? null;
    }
    if (!blank) {
      return null;
    }
    return before.length === 0 ? v.sections.top : this._keysUnder(doc, this._parentKey(doc, line, before.length, false));
  }

  /** The keys that may follow inside the mapping of a parent key line. */
  _keysUnder(doc, parent) {
    if (!parent) {
      return null;
    }
    const sections = this._vocabulary.sections;
    if (parent.dash && this._kinds.has(parent.key)) {
      return this._kinds.get(parent.key).keys;
    }
    if (parent.key === 'machine' || parent.key === 'sysctl') {
      return sections[parent.key];
    }
    const grandparent = this._parentKey(doc, parent.line, parent.indent, false);
    return grandparent?.key === 'zones' ? sections.zone : null;
  }

  /**
   * The nearest line above `line` that opens the mapping or list the text at column `indent`
   * belongs to: a key line ("key:" or "- key:") indented less, or, for a list item, a plain
   * "key:" line indented the same (YAML lets a list sit at its key's indentation).
   * Returns {key, dash, indent, line}, or null.
   */
  _parentKey(doc, line, indent, listItem) {
    for (let n = line.number - 1; n >= 1; n--) {
      const above = doc.line(n);
      if (/^\s*(#.*)?$/.test(above.text)) {
        continue;
      }
      const m = /^(\s*)(-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(above.text);
      const own = /^\s*/.exec(above.text)[0].length;
      if (own < indent || (listItem && own === indent && m && !m[2])) {
        return m ? { key: m[3], dash: Boolean(m[2]), indent: m[1].length, line: above } : null;
      }
    }
    return null;
  }

  _upgradeProperty(name) {
    if (Object.prototype.hasOwnProperty.call(this, name)) {
      const value = this[name];
      delete this[name];
      this[name] = value;
    }
  }
}

if (!customElements.get('fs-scenario-editor')) {
  customElements.define('fs-scenario-editor', FsScenarioEditor);
}
