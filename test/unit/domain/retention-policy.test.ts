import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildRetentionPolicy, cutoffBefore, jurisdictionOfLanguage, parsePeriod, periodAtLeast, retentionCutoffs,
  retentionOfBank, RetentionPolicyError,
} from '../../../src/domain/retention-policy.ts';
import { loadRetentionPolicy } from '../../../src/rules/load-retention-policy.ts';

const NOW = new Date('2030-03-15T12:00:00Z');

describe('retention periods', () => {
  it('parses days, months and years and refuses anything else', () => {
    expect(parsePeriod('90d')).toEqual({ count: 90, unit: 'd' });
    expect(parsePeriod('36m')).toEqual({ count: 36, unit: 'm' });
    expect(parsePeriod('3y')).toEqual({ count: 3, unit: 'y' });
    for (const bad of ['3', 'y', '0y', '-1y', '2.5y', '3 years', '']) expect(() => parsePeriod(bad)).toThrow(RangeError);
  });

  it('counts back in calendar terms: years and months land on the same date, days are days', () => {
    expect(cutoffBefore(NOW, parsePeriod('2y')).toISOString()).toBe('2028-03-15T12:00:00.000Z');
    expect(cutoffBefore(NOW, parsePeriod('24m')).toISOString()).toBe('2028-03-15T12:00:00.000Z');
    expect(cutoffBefore(NOW, parsePeriod('10d')).toISOString()).toBe('2030-03-05T12:00:00.000Z');
  });

  it('compares periods conservatively across units: 730 days is not surely two years, 731 is', () => {
    expect(periodAtLeast(parsePeriod('24m'), parsePeriod('2y'))).toBe(true);
    expect(periodAtLeast(parsePeriod('23m'), parsePeriod('2y'))).toBe(false);
    expect(periodAtLeast(parsePeriod('730d'), parsePeriod('2y'))).toBe(false);
    expect(periodAtLeast(parsePeriod('732d'), parsePeriod('2y'))).toBe(true);
    expect(periodAtLeast(parsePeriod('1y'), parsePeriod('366d'))).toBe(false);
  });

  it('knows which law a call falls under by its language', () => {
    expect(jurisdictionOfLanguage('zh-CN')).toBe('CN');
    expect(jurisdictionOfLanguage('en-US')).toBe('US');
    expect(jurisdictionOfLanguage('fr-FR')).toBeUndefined();
  });
});

describe('retention policy', () => {
  it('has defaults that meet the legal minimums of both jurisdictions', () => {
    const p = buildRetentionPolicy(undefined);
    expect(p.default.periods.audio).toEqual({ count: 3, unit: 'y' });
    expect(p.default.jurisdictions).toEqual(['CN', 'US']);
    expect(p.maskTranscripts).toBe(false);
  });

  it('refuses a Chinese bank keeping recordings under two years, and a US bank under three', () => {
    expect(() => buildRetentionPolicy({ default: {}, banks: { 招商银行: { jurisdictions: ['CN'], audio: '18m' } } }))
      .toThrow(/banks\.招商银行\.audio: 18m is below the legal minimum of 2y in CN \(《商业银行信用卡业务监督管理办法》第六十八条\)/);
    expect(() => buildRetentionPolicy({ default: {}, banks: { 'First Bank': { jurisdictions: ['US'], transcript: '2y' } } }))
      .toThrow(/First Bank\.transcript: 2y is below the legal minimum of 3y in US/);
    // Two years is enough in China alone, not for a default that also serves US banks.
    expect(() => buildRetentionPolicy({ default: { audio: '2y' } })).toThrow(/default\.audio: 2y is below the legal minimum of 3y in US/);
    expect(buildRetentionPolicy({ default: { jurisdictions: ['CN'], audio: '2y' } }).default.periods.audio).toEqual({ count: 2, unit: 'y' });
  });

  it('lists every problem at once, and accepts a short period only with a written reason', () => {
    try {
      buildRetentionPolicy({ default: { audio: '1y', findings: '6m' } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RetentionPolicyError);
      expect((err as RetentionPolicyError).problems).toHaveLength(3);
    }
    const p = buildRetentionPolicy({ default: {}, banks: { 'Test Bank': { audio: '30d', below_legal_minimum: 'bank instruction 2030-01-02, ref 17' } } });
    expect(retentionOfBank(p, 'Test Bank')).toMatchObject({ periods: { audio: { count: 30, unit: 'd' } }, belowLegalMinimum: 'bank instruction 2030-01-02, ref 17' });
    expect(() => buildRetentionPolicy({ default: {}, banks: { B: { audio: '30d', below_legal_minimum: 'ok' } } })).toThrow(/below_legal_minimum/);
  });

  it('refuses unknown keys and bad periods with their path', () => {
    expect(() => buildRetentionPolicy({ default: { recordings: '3y' } })).toThrow(/default: Unrecognized key/);
    expect(() => buildRetentionPolicy({ default: { audio: 'forever' } })).toThrow(/default\.audio: "forever" is not a period/);
  });

  it('gives each bank its own cutoffs, the legal floors per jurisdiction, and one audit cutoff (the longest period)', () => {
    const p = buildRetentionPolicy({ default: { audit: '7y' }, banks: { 'Long Bank': { audio: '10y', audit: '10y' } } });
    const c = retentionCutoffs(p, NOW);
    expect(c.default.audio.toISOString()).toBe('2027-03-15T12:00:00.000Z');
    expect(c.banks).toEqual([expect.objectContaining({ bank: 'Long Bank', noLegalFloor: false })]);
    expect(c.banks[0]!.cutoffs.audio.toISOString()).toBe('2020-03-15T12:00:00.000Z');
    expect(c.banks[0]!.cutoffs.transcript.toISOString()).toBe('2027-03-15T12:00:00.000Z');
    expect(c.legalFloors.CN.audio!.toISOString()).toBe('2028-03-15T12:00:00.000Z');
    expect(c.legalFloors.CN.transcript).toBeUndefined();
    expect(c.audit.toISOString()).toBe('2020-03-15T12:00:00.000Z');
  });

  it('loads rules/retention.yaml, names the file in errors, and uses the defaults without one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'callguard-retention-'));
    try {
      expect(loadRetentionPolicy(dir).default.periods.cases).toEqual({ count: 5, unit: 'y' });
      await writeFile(path.join(dir, 'retention.yaml'), 'default:\n  audio: 1y\n');
      expect(() => loadRetentionPolicy(dir)).toThrow(/retention\.yaml: default\.audio: 1y is below/);
      await writeFile(path.join(dir, 'retention.yaml'), 'default: [\n');
      expect(() => loadRetentionPolicy(dir)).toThrow(/retention\.yaml/);
      expect(loadRetentionPolicy('rules').default.periods.audit).toEqual({ count: 7, unit: 'y' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
