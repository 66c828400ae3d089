/*
 * A regex rule is evaluated only on segments that hold its required literal (an automaton hit wakes
 * it); a pattern without one runs on every segment of every call.
 */

/**
 * The longest run of plain characters that every match of the pattern must contain, read from
 * its top level (groups, classes, optional characters and escapes are skipped); undefined when
 * there is none or the pattern has a top-level alternative or is case-insensitive.
 */
export function requiredLiteral(pattern: string): string | undefined {
  if (/\(\?[a-zA-Z]*i/.test(pattern)) return undefined;
  let depth = 0;
  let best = '';
  let run = '';
  const flush = () => {
    const literal = run.trim(); // spaces are in every text: they tell nothing
    if (literal.length > best.length) best = literal;
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      flush();
      i++;
      continue;
    }
    if (ch === '[') {
      flush();
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      continue;
    }
    if (ch === '(') {
      depth++;
      flush();
      continue;
    }
    if (ch === ')') {
      depth--;
      flush();
      continue;
    }
    if (ch === '|') {
      if (depth === 0) return undefined;
      continue;
    }
    if (depth > 0) continue;
    if (ch === '*' || ch === '?' || ch === '{') {
      run = run.slice(0, -1);
      flush();
      if (ch === '{') while (i < pattern.length && pattern[i] !== '}') i++;
      continue;
    }
    if (ch === '+') {
      flush();
      continue;
    }
    if (ch === '.' || ch === '^' || ch === '$') {
      flush();
      continue;
    }
    run += ch;
  }
  flush();
  return best.length > 0 ? best : undefined;
}
