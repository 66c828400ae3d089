import { readFileSync } from 'node:fs';

/**
 * Our own check sets of collection-call utterances (fixtures/eval/zh-agent-check*.tsv, see the README
 * beside them): each row a kind, whether it must be flagged, and the text. The split is fixed by the id:
 * odd ids are the tuning half, even ids the check half, which is never printed nor trained on.
 */
export interface CheckRow {
  id: string;
  kind: string;
  mustFlag: boolean;
  text: string;
  half: 'tuning' | 'check';
}

export function readCheckSet(checkSetFile: string): CheckRow[] {
  const lines = readFileSync(checkSetFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (header !== 'id\tkind\texpect\ttext') throw new Error(`${checkSetFile}: expected the header id, kind, expect, text (tab-separated)`);
  return lines.map((line, i) => {
    const [id, kind, expect, text, ...rest] = line.split('\t');
    const n = Number(id?.replace(/^zh\d*-/, ''));
    if (!id || !kind || (expect !== 'flag' && expect !== 'clean') || !text || rest.length > 0 || !Number.isInteger(n)) {
      throw new Error(`${checkSetFile}:${i + 2}: expected zh-NNN (or zh2-NNN), a kind, flag or clean, and the text`);
    }
    return { id, kind, mustFlag: expect === 'flag', text, half: n % 2 === 1 ? 'tuning' : 'check' };
  });
}
