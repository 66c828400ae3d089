import type { Category } from '../domain/category.ts';
import type { Language } from '../domain/transcript.ts';
import type { Severity } from '../domain/severity.ts';
import type { Queryable } from '../store/db.ts';
import { packsInEffect } from './rule-catalogue.ts';

/** A rule a reviewer can name when adding a finding the rules missed. */
export interface ManualRuleChoice {
  ruleId: string;
  ruleVersion: string;
  /** In the pack's language, as the rule's findings carry it. */
  title: string;
  category: Category;
  severity: Severity;
  source: string;
}

/**
 * Every rule of the pack in effect for the call's language (published, else the server's rules
 * directory: what the workers scan with), at the version in effect. Not only the rules that have
 * fired: a miss is most telling for a rule that never raised anything. Disabled rules are listed
 * too, since a reviewer may well find the case a switched-off rule was written for. Sorted by
 * category, then id, as the picker groups them.
 */
export async function manualRuleChoices(q: Queryable, rulesDir: string, language: Language): Promise<ManualRuleChoice[]> {
  const pack = (await packsInEffect(q, rulesDir)).find((p) => p.language === language);
  if (!pack) return [];
  return pack.pack.allRules
    .map((r) => ({
      ruleId: r.id, ruleVersion: r.version, title: r.title, category: r.loaded.rule.category, severity: r.loaded.rule.severity, source: r.loaded.rule.source,
    }))
    .sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}
