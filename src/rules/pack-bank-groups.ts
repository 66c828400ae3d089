import { existsSync } from 'node:fs';
import type { BankGroup } from '../domain/bank-groups.ts';
import { loadPack } from './load-pack.ts';
import { packDirectories } from './load-rule-set.ts';

/**
 * The rule packs' bank_names as bank groups (registered name first), for the complaint intake's bank
 * list. A pack that does not load contributes nothing: its problems are reported where packs are
 * checked (callguard rules check, the stages' start-up check), not here.
 */
export function packBankGroups(rulesDir: string): BankGroup[] {
  if (!existsSync(rulesDir)) return [];
  const groups: BankGroup[] = [];
  for (const { dir, language } of packDirectories(rulesDir).dirs) {
    const pack = loadPack(dir, language);
    if (!pack.ok) continue;
    for (const [name, ...aliases] of pack.value.bankNames ?? []) if (name) groups.push({ name, aliases });
  }
  return groups;
}
