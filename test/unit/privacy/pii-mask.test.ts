import { describe, expect, it } from 'vitest';
import { findPii, maskPii } from '../../../src/privacy/pii-mask.ts';

describe('maskPii', () => {
  it('masks an 18-digit ID-card number, including a trailing X, keeping the last four', () => {
    expect(maskPii('身份证号110101199003071234')).toBe('身份证号**************1234');
    expect(maskPii('证件 11010119900307123X 对吗')).toBe('证件 **************123X 对吗');
    expect(maskPii('11010119900307123x')).toBe('**************123x');
  });

  it('masks bank-card numbers of 16 to 19 digits, also when spoken in groups', () => {
    expect(maskPii('卡号6222021234567890')).toBe('卡号************7890');
    expect(maskPii('卡号 6222 0212 3456 7890 123 尾号')).toBe('卡号 **** **** **** ***0 123 尾号');
    expect(findPii('6222021234567890123')[0]?.kind).toBe('bank_card');
  });

  it('masks mainland mobile numbers, with or without +86 and grouping', () => {
    expect(maskPii('打我电话13800138000')).toBe('打我电话*******8000');
    expect(maskPii('138 0013 8000')).toBe('*** **** 8000');
    expect(maskPii('+86 138-0013-8000')).toBe('+** ***-****-8000');
  });

  it('masks full-width digits and keeps the text length', () => {
    const text = '手机１３８００１３８０００，身份证１１０１０１１９９００３０７１２３Ｘ';
    const masked = maskPii(text);
    expect(masked).toBe('手机＊＊＊＊＊＊＊８０００，身份证＊＊＊＊＊＊＊＊＊＊＊＊＊＊１２３Ｘ');
    expect(masked.length).toBe(text.length);
  });

  it('masks US phone numbers in the usual formats', () => {
    expect(maskPii('call me at (555) 234-5678 today')).toBe('call me at (***) ***-5678 today');
    expect(maskPii('555-234-5678')).toBe('***-***-5678');
    expect(maskPii('+1 555 234 5678')).toBe('+* *** *** 5678');
    expect(maskPii('5552345678.')).toBe('******5678.');
  });

  it('leaves amounts, dates, times, short numbers and codes alone', () => {
    for (const text of [
      '欠款5000元，请在2026-03-01前还款',
      '2026-03-01 13:30 打过电话',
      '工号 10086',
      'you owe $1,234.56 since 03/01/2026',
      '12800138000', // 1 + 2 is not a mainland mobile prefix, nor a US number
    ]) {
      expect(maskPii(text)).toBe(text);
    }
  });

  it('masks, when unsure, long numbers and numbers glued to letters', () => {
    expect(maskPii('合同号 ABC13800138000')).toBe('合同号 ABC*******8000');
    expect(maskPii('12345678901234')).toBe('**********1234');
    expect(maskPii('id11010519491231002X')).toBe('id**************002X');
    expect(maskPii('13912345678abc')).toBe('*******5678abc');
    expect(maskPii('流水号123456789012345678901234')).toBe('流水号********************1234');
  });

  it('masks numbers read as Chinese numerals, split by full-width commas or spaces', () => {
    expect(maskPii('手机幺三九一二三四五六七八')).toBe('手机＊＊＊＊＊＊＊五六七八');
    expect(maskPii('身份证一一零一零五一九四九一二三一零零二X')).toBe('身份证＊＊＊＊＊＊＊＊＊＊＊＊＊＊零零二X');
    expect(maskPii('电话是幺三九，一二三四，五六七八')).toBe('电话是＊＊＊，＊＊＊＊，五六七八');
    expect(maskPii('两两〇〇 1234 5678 9012')).toBe('＊＊＊＊ **** **** 9012');
    expect(maskPii('座机010-62345678')).toBe('座机***-****5678');
  });

  it('masks shorter numbers after a word that says what they are', () => {
    expect(maskPii('卡号后面是 023456')).toBe('卡号后面是 **3456');
    expect(maskPii('account 55512345')).toBe('account ****2345');
    expect(maskPii('工号 810712')).toBe('工号 810712');
  });

  it('masks several numbers in one text and reports their kinds', () => {
    const text = '电话13912345678，卡号6217001234567890123，证件440301198001011234';
    expect(findPii(text).map((s) => s.kind)).toEqual(['mobile_cn', 'bank_card', 'id_card']);
    expect(maskPii(text)).not.toMatch(/\d{5}/);
  });

  it('leaves text without digits unchanged', () => {
    expect(maskPii('您好，我是受某银行委托的催收员')).toBe('您好，我是受某银行委托的催收员');
    expect(maskPii('')).toBe('');
  });
});
