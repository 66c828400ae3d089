import { describe, expect, it } from 'vitest';
import { findBankGroup, mergeBankGroups, widenBankScope } from '../../../src/domain/bank-groups.ts';
import { isPlausiblePhone, maskedPhone, normalisePhone } from '../../../src/domain/phone-number.ts';
import { normalisePhrase } from '../../../src/rules/normalise.ts';

describe('phone numbers as complaints give them', () => {
  it('one mobile number, however it is written', () => {
    for (const raw of ['13912345678', '139 1234 5678', '139-1234-5678', '+86 139 1234 5678', '+8613912345678', '0086 13912345678', '8613912345678', '(+86) 139-1234-5678']) {
      expect(normalisePhone(raw), raw).toBe('13912345678');
    }
  });

  it('landlines keep or regain their trunk 0; other countries keep their code', () => {
    expect(normalisePhone('+86 10 6552 9988')).toBe('01065529988');
    expect(normalisePhone('010-6552 9988')).toBe('01065529988');
    expect(normalisePhone('+1 (555) 234-5678')).toBe('+15552345678');
    expect(normalisePhone(' - ')).toBeNull();
  });

  it('masks all but the last four digits, and refuses a number too short to call', () => {
    expect(maskedPhone('+86 139-1234-5678')).toBe('*******5678');
    expect(isPlausiblePhone('12')).toBe(false);
    expect(isPlausiblePhone('139 1234 5678')).toBe(true);
  });
});

describe('bank groups', () => {
  const packs = [{ name: '中国建设银行', aliases: ['建设银行', '建行'] }, { name: '招商银行', aliases: ['招行'] }];

  it('建行 and 建设银行 are one bank; traditional characters and spacing do not matter', () => {
    const groups = mergeBankGroups(packs);
    expect(findBankGroup(groups, '建行')?.name).toBe('中国建设银行');
    expect(findBankGroup(groups, ' 建设银行 ')?.name).toBe('中国建设银行');
    expect(findBankGroup(groups, '招商銀行', normalisePhrase)?.name).toBe('招商银行');
    expect(findBankGroup(groups, '某某银行')).toBeUndefined();
  });

  it('the settings list adds banks and names; a name already known joins its group', () => {
    const groups = mergeBankGroups(packs, [{ name: '建行', aliases: ['CCB'] }, { name: '平安银行', aliases: [] }]);
    expect(groups.map((g) => g.name)).toEqual(['中国建设银行', '招商银行', '平安银行']);
    expect(groups[0]!.aliases).toEqual(['建设银行', '建行', 'CCB']);
  });

  it('a bank scope widens to every name of each bank it names; unknown names stay, every bank stays every bank', () => {
    const groups = mergeBankGroups(packs);
    expect(widenBankScope(['建行', '某某银行'], groups)).toEqual(['建行', '某某银行', '中国建设银行', '建设银行']);
    expect(widenBankScope(['招商銀行'], groups, normalisePhrase)).toEqual(['招商銀行', '招商银行', '招行']);
    expect(widenBankScope(['招商銀行'], groups)).toEqual(['招商銀行']);
    expect(widenBankScope([], groups)).toEqual([]);
    expect(widenBankScope(null, groups)).toBeNull();
  });
});
