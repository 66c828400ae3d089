import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';

export interface EditorProblem {
  line: number;
  col: number;
  message: string;
}

/**
 * A YAML editor (CodeMirror 6) for one rule file. The problems are the server's loader's, with
 * line:col; they are shown as diagnostics on those places until the text changes again. `value`
 * replaces the text only when it differs from what the editor holds (a file chosen or uploaded),
 * so typing does not reset the cursor.
 */
export function YamlEditor({ value, onChange, problems }: { value: string; onChange: (text: string) => void; problems: readonly EditorProblem[] }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      doc: value,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChangeRef.current(u.state.doc.toString());
        }),
      ],
    });
    view.current = v;
    return () => v.destroy();
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  // The last check's problems, as diagnostics; edits afterwards move them along with the text.
  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, problems.map((p) => diagnostic(v.state.doc, p))));
  }, [problems]);

  return <div className="yaml-editor" ref={host} data-testid="yaml-editor" />;
}

/** A problem at line:col (1-based) as a diagnostic to the end of its line; a line past the end is clamped to the last. */
function diagnostic(doc: Text, p: EditorProblem): Diagnostic {
  const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
  const from = Math.min(line.from + Math.max(p.col - 1, 0), line.to);
  return { from, to: Math.max(from, line.to), severity: 'error', message: p.message };
}
