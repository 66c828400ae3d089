import type { Finding } from '../../../../src/domain/finding.ts';
import type { CallMeta } from '../../../../src/domain/transcript.ts';
import type { Db } from '../../../../src/store/index.ts';

/** Call metadata for the stage-statement tests: one bank, one agent, a borrower of the test's choosing. */
export function meta(id: string, borrowerId = 'B-1'): CallMeta {
  return {
    id, agentId: 'A007', borrowerId, bank: 'bank-x', startedAt: '2026-03-01T21:30:00+08:00',
    direction: 'outbound', firstContact: false, language: 'zh-CN',
  };
}

export const seg = { speaker: 'agent' as const, startMs: 0, endMs: 1000, text: '您好' };

export function finding(callId: string, startMs: number, overrides: Partial<Finding> = {}): Finding {
  return {
    callId, ruleId: 'zh.abuse.insult', ruleVersion: 'v1', title: '辱骂', category: 'abuse', severity: 'high', speaker: 'agent',
    startMs, endMs: startMs + 900, quote: '你是不是傻', matched: ['傻'], source: '银协《信用卡催收工作指引（试行）》', segmentIndex: 0,
    ...overrides,
  };
}

/**
 * The database, counting the statements sent through it (how many a grouped write took). With
 * `holdMs`, each statement waits that long before it is sent, as on a busy database: requests
 * that arrive meanwhile queue for the next statement, however fast the machine is.
 */
export function countingDb(db: Db, holdMs = 0): { db: Db; statements: () => number } {
  let n = 0;
  const hold = () => new Promise<void>((resolve) => setTimeout(resolve, holdMs));
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return async (...args: Parameters<Db['query']>) => {
          n++;
          if (holdMs > 0) await hold();
          return target.query(...args);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db: proxy, statements: () => n };
}
