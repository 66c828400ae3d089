import type { Language } from '../../domain/transcript.ts';
import type { Db } from '../../store/db.ts';
import { callsToRescan, type RescanFilter } from '../../store/rescan-calls.ts';
import type { RulePackSource } from '../rule-pack-source.ts';
import { jobFor, type NextJob } from '../stage.ts';

export interface RescanPlan {
  jobs: NextJob[];
  /** The version each language's calls are scanned with. */
  packs: Array<{ language: Language; packHash: string; calls: number }>;
}

/**
 * Scan + triage again, with the version published now, for the stored calls a filter selects
 * (calls scanned before and not failed). Each job names the version, so a re-scan queued twice is
 * one job per call (BullMQ's job id) and a call already scanned with it returns at once.
 */
export async function planRescan(db: Db, rules: RulePackSource, filter: RescanFilter): Promise<RescanPlan> {
  const calls = await callsToRescan(db, filter);
  const hashes = new Map<Language, string>();
  const counts = new Map<Language, number>();
  const jobs: NextJob[] = [];
  for (const { callId, language } of calls) {
    const lang = language as Language;
    let hash = hashes.get(lang);
    if (!hash) {
      rules.invalidate(lang); // the version published this moment, not one remembered from seconds ago
      hash = (await rules.current(db, lang)).packHash;
      hashes.set(lang, hash);
    }
    counts.set(lang, (counts.get(lang) ?? 0) + 1);
    jobs.push(jobFor('scan', callId, hash, true));
  }
  return { jobs, packs: [...hashes].map(([language, packHash]) => ({ language, packHash, calls: counts.get(language)! })) };
}
