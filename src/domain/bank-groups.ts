/**
 * The banks a complaint can name: each group is a bank's registered name followed by its other
 * names (the rule packs' `bank_names`, plus the settings list an admin keeps). "建行" and
 * "建设银行" are one bank: a complaint names the group, never free text.
 */
export interface BankGroup {
  /** The registered name, shown and stored on new complaint cases. */
  name: string;
  /** Every other name the bank goes by (calls may be stored under any of them). */
  aliases: string[];
}

/**
 * Merges groups from several sources: groups sharing a name are one (their aliases joined); a name
 * that is an alias elsewhere joins that group. Order: as first seen.
 */
export function mergeBankGroups(...sources: readonly (readonly BankGroup[])[]): BankGroup[] {
  const out: BankGroup[] = [];
  const byName = new Map<string, BankGroup>();
  for (const source of sources) {
    for (const g of source) {
      const names = [g.name, ...g.aliases];
      const existing = names.map((n) => byName.get(n)).find((x) => x !== undefined);
      const target = existing ?? { name: g.name, aliases: [] };
      if (!existing) out.push(target);
      for (const n of names) {
        if (n !== target.name && !target.aliases.includes(n)) target.aliases.push(n);
        byName.set(n, target);
      }
    }
  }
  return out;
}

/** The group a name belongs to, compared after `normalise` (traditional → simplified, spacing), or undefined. */
export function findBankGroup(groups: readonly BankGroup[], name: string, normalise: (s: string) => string = (s) => s.trim()): BankGroup | undefined {
  const key = normalise(name);
  if (key === '') return undefined;
  return groups.find((g) => [g.name, ...g.aliases].some((n) => normalise(n) === key));
}

/** Every name of a group, registered name first. */
export function bankNamesOf(group: BankGroup): string[] {
  return [group.name, ...group.aliases];
}

/**
 * A user's bank scope widened to every name of each bank it names. Calls keep the bank name the
 * dialer delivered (建行), complaint cases are filed under the registered name (中国建设银行), and an
 * admin writes a scope in whichever form they know: all of them are one bank. Names no group knows
 * stay as written; null (every bank) stays null.
 */
export function widenBankScope(
  banks: readonly string[] | null, groups: readonly BankGroup[], normalise: (s: string) => string = (s) => s.trim(),
): string[] | null {
  if (banks === null) return null;
  const out = new Set(banks);
  for (const bank of banks) {
    const group = findBankGroup(groups, bank, normalise);
    if (group) for (const name of bankNamesOf(group)) out.add(name);
  }
  return [...out];
}
