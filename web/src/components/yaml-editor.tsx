import { yaml } from '@codemirror/lang-yaml';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
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
  const problemsRef = useRef(problems);
  const onChangeRef = useRef(onChange);
  problemsRef.current = problems;
  onChangeRef.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      doc: value,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        // The source is the last check's answer; a line that no longer exists is clamped to the end.
        linter((ed) => problemsRef.current.map((p): Diagnostic => {
          const doc = ed.state.doc;
          const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
          const from = Math.min(line.from + Math.max(p.col - 1, 0), line.to);
          return { from, to: Math.max(from, line.to), severity: 'error', message: p.message };
        }), { delay: 100 }),
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

  // New problems: have the linter run again so they show at once.
  useEffect(() => {
    if (view.current) forceLinting(view.current);
  }, [problems]);

  return <div className="yaml-editor" ref={host} data-testid="yaml-editor" />;
}
