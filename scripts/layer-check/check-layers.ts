import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import {
  ALLOWED, FS_WRITE_NAMES, moduleOf, PACKAGE_RULES, RULES_FORBIDDEN_PACKAGES, SQL_STATEMENT, type ModuleName,
} from './layer-rules.ts';

/** One import (or re-export, or dynamic import) of a file. */
export interface ImportRef {
  specifier: string;
  line: number;
  /** Value names imported ({ a, b as c } gives a, b); type-only names are left out. */
  names: string[];
}

export interface LayerViolation {
  file: string;
  line: number;
  /** What was imported (a path or a package), or, for SQL, the start of the text. */
  target: string;
  kind: 'import' | 'sql';
  rule: string;
}

/** The folders whose files are checked, relative to the project root. */
export const CHECKED_ROOTS = ['src', 'workers'];

/** Every import of a TypeScript source, read with the compiler's parser (no type checking). */
export function importsOf(fileName: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: ImportRef[] = [];
  const line = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const names: string[] = [];
      if (clause && !clause.isTypeOnly) {
        if (clause.name) names.push('default');
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) if (!el.isTypeOnly) names.push((el.propertyName ?? el.name).text);
        } else if (bindings) names.push('*');
      }
      out.push({ specifier: node.moduleSpecifier.text, line: line(node), names });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, line: line(node), names: [] });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) out.push({ specifier: arg.text, line: line(node), names: ['*'] });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** String and template literals that read as SQL statements, with their lines. */
export function sqlStringsOf(fileName: string, text: string): Array<{ line: number; text: string }> {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: Array<{ line: number; text: string }> = [];
  const visit = (node: ts.Node): void => {
    let literal: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = node.head.text;
    if (literal !== null && SQL_STATEMENT.test(literal)) {
      out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: literal.trim().split('\n')[0]!.slice(0, 60) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The violations of one file, given its path relative to the root and its text. */
export function checkFile(file: string, text: string): LayerViolation[] {
  const from = moduleOf(file);
  if (!from) return [];
  const violations: LayerViolation[] = [];
  for (const ref of importsOf(file, text)) {
    if (ref.specifier.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.specifier));
      const to = moduleOf(target);
      if (to && to !== from && !ALLOWED[from].includes(to)) {
        violations.push({ file, line: ref.line, kind: 'import', target, rule: `${from} may not import ${to}` });
      }
      continue;
    }
    for (const rule of PACKAGE_RULES) {
      const matches = rule.specifier.endsWith('/') ? ref.specifier.startsWith(rule.specifier) : ref.specifier === rule.specifier;
      if (!matches || rule.only.includes(from)) continue;
      const named = rule.names === null || ref.names.some((n) => rule.names!.includes(n));
      if (named) violations.push({ file, line: ref.line, kind: 'import', target: rule.names ? `${ref.specifier} { ${rule.names.join(', ')} }` : ref.specifier, rule: rule.why });
    }
    if (from === 'rules') {
      if (RULES_FORBIDDEN_PACKAGES.includes(ref.specifier)) {
        violations.push({ file, line: ref.line, kind: 'import', target: ref.specifier, rule: 'src/rules has no I/O beyond reading rule files' });
      } else if (/^(node:)?fs(\/promises)?$/.test(ref.specifier)) {
        const writes = ref.names.filter((n) => FS_WRITE_NAMES.test(n) || n === '*' || n === 'default');
        if (writes.length > 0) violations.push({ file, line: ref.line, kind: 'import', target: `${ref.specifier} { ${writes.join(', ')} }`, rule: 'src/rules only reads files' });
      }
    }
  }
  if (from !== 'store') {
    for (const sql of sqlStringsOf(file, text)) violations.push({ file, line: sql.line, kind: 'sql', target: sql.text, rule: 'only store/ holds SQL' });
  }
  return violations;
}

/** Every .ts file under the checked roots, relative to `root`, sorted. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const r of CHECKED_ROOTS) {
    try {
      walk(r);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return out.sort();
}

/**
 * Import loops between files: two files that import each other (directly or round a longer ring)
 * cannot be read, changed or moved one without the other. One violation per loop, at the import
 * of its first file (in path order) that closes it.
 */
export function importLoops(files: ReadonlyMap<string, string>): LayerViolation[] {
  const edges = new Map<string, Array<{ to: string; line: number }>>();
  for (const [file, text] of files) {
    edges.set(file, importsOf(file, text)
      .filter((r) => r.specifier.startsWith('.'))
      .map((r) => ({ to: path.posix.normalize(path.posix.join(path.posix.dirname(file), r.specifier)), line: r.line }))
      .filter((e) => files.has(e.to)));
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const connect = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const { to } of edges.get(v) ?? []) {
      if (!idx.has(to)) {
        connect(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, idx.get(to)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) loops.push(component.sort());
    }
  };
  for (const f of [...files.keys()].sort()) if (!idx.has(f)) connect(f);
  return loops.map((ring) => {
    const first = ring[0]!;
    const edge = edges.get(first)!.find((e) => ring.includes(e.to))!;
    return { file: first, line: edge.line, kind: 'import' as const, target: edge.to, rule: `import loop: ${ring.join(' ↔ ')}` };
  });
}

/** Checks the tree under `root`: forbidden imports, then import loops. */
export function checkLayers(root: string): LayerViolation[] {
  const files = new Map(sourceFiles(root).map((f) => [f, readFileSync(path.join(root, f), 'utf8')] as const));
  return [...[...files].flatMap(([f, text]) => checkFile(f, text)), ...importLoops(files)]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

export function formatViolation(v: LayerViolation): string {
  return `${v.file}:${v.line}: ${v.kind === 'sql' ? `SQL "${v.target}"` : `imports ${v.target}`} — ${v.rule}`;
}

export type { ModuleName };
