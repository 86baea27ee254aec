/**
 * The scenario editor: CodeMirror 6 with YAML, completion and hover words
 * from the format's JSON Schema, and the engine's problems underlined at
 * their line and column.
 */
import { autocompletion, closeBrackets, completionKeymap, type CompletionContext } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
  type KeyBinding,
} from '@codemirror/view';
import type { Problem } from '@foresight/core';
import { keyAt, placeAt, topKeys } from './path.js';
import type { SchemaIndex } from './schema.js';

export interface EditorOptions {
  readonly parent: HTMLElement;
  readonly text: string;
  /** Called on every change of the text. */
  readonly onChange: (text: string) => void;
  /** Mod-Enter: run now (on the server if it is over the browser's limit). */
  readonly onRun: () => void;
  /** The schema, once the engine has given it. */
  readonly schema: () => SchemaIndex | undefined;
  /** Values the schema cannot know: the folder's ids after `extends:`, say. */
  readonly valuesAt: (path: readonly (string | number)[]) => readonly string[];
}

export class ScenarioEditor {
  readonly view: EditorView;

  constructor(private readonly options: EditorOptions) {
    const run = () => {
      options.onRun();
      return true;
    };
    const runKeys: KeyBinding[] = [{ key: 'Mod-Enter', run }];
    // The page's Content-Security-Policy admits the editor's <style> elements by this nonce.
    const nonce = document.querySelector<HTMLMetaElement>('meta[name=csp-nonce]')?.content ?? '';
    const extensions: Extension[] = [
      EditorView.cspNonce.of(nonce),
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      yaml(),
      EditorView.lineWrapping,
      lintGutter(),
      autocompletion({ override: [(ctx) => this.complete(ctx)], activateOnTyping: true }),
      hoverTooltip((view, pos) => this.hover(view, pos)),
      // Tab is left to move focus, so the editor never traps the keyboard.
      keymap.of([...runKeys, ...completionKeymap, ...defaultKeymap, ...historyKeymap, ...lintKeymap]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.onChange(update.state.doc.toString());
      }),
      EditorView.contentAttributes.of({ 'aria-label': 'Scenario YAML', 'aria-describedby': 'editor-help' }),
    ];
    this.view = new EditorView({
      state: EditorState.create({ doc: options.text, extensions }),
      parent: options.parent,
    });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replace the whole text (a scenario picked, a file opened, a shared link). */
  setText(text: string): void {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  /** The engine's problems of the edited file, underlined where they stand; other files' problems are the caller's to list. */
  showProblems(problems: readonly Problem[]): void {
    const doc = this.view.state.doc;
    const diagnostics: Diagnostic[] = problems.map((p) => {
      const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
      const from = Math.min(line.from + Math.max(p.column - 1, 0), line.to);
      const word = /^[^\s:,{}[\]]+/.exec(doc.sliceString(from, line.to))?.[0] ?? '';
      const to = word.length > 0 ? from + word.length : line.to > from ? line.to : from;
      return { from, to, severity: 'error', source: p.code, message: p.message };
    });
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  private complete(ctx: CompletionContext) {
    const schema = this.options.schema();
    if (schema === undefined) return null;
    const place = placeAt(ctx.state, ctx.pos);
    if (place.from === ctx.pos && !ctx.explicit) {
      // Only offer on an empty word when the user asks, or right after "key: ".
      const before = ctx.state.sliceDoc(Math.max(0, ctx.pos - 2), ctx.pos);
      if (!(place.role === 'value' && before === ': ')) return null;
    }
    if (place.role === 'key') {
      const keys = schema
        .keys(place.path, place.written, topKeys(ctx.state))
        .filter((k) => !place.written.has(k.name) || k.name === '');
      if (keys.length === 0) return null;
      return {
        from: place.from,
        options: keys.map((k) => ({
          label: k.name,
          apply: `${k.name}: `,
          type: 'property',
          detail: k.required ? 'required' : undefined,
          info: k.doc || undefined,
          boost: k.required ? 1 : 0,
        })),
        validFor: /^[\w.-]*$/,
      };
    }
    const values = [...schema.values(place.path, topKeys(ctx.state)), ...this.options.valuesAt(place.path)];
    if (values.length === 0) return null;
    return {
      from: place.from,
      options: values.map((v) => ({ label: v, type: 'enum' })),
      validFor: /^[\w.-]*$/,
    };
  }

  private hover(view: EditorView, pos: number) {
    const schema = this.options.schema();
    if (schema === undefined) return null;
    const key = keyAt(view.state, pos);
    if (key === null) return null;
    const words = schema.describeAt(key.path, topKeys(view.state));
    if (words === '') return null;
    return {
      pos: key.from,
      end: key.to,
      above: true,
      create: () => {
        const dom = document.createElement('div');
        dom.className = 'cm-schema-doc';
        const title = document.createElement('strong');
        title.textContent = key.path.join('.');
        dom.append(title);
        for (const paragraph of words.split('\n\n')) {
          const p = document.createElement('p');
          p.textContent = paragraph;
          dom.append(p);
        }
        return { dom };
      },
    };
  }
}
