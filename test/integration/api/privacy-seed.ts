import { hashPassword } from '../../../src/api/auth/password.ts';
import type { Role } from '../../../src/domain/role.ts';
import { repositories, type Db } from '../../../src/store/index.ts';
import { insertUser } from '../../../src/store/review-app/users.ts';

/**
 * Small data for the privacy tests, written through the repositories (no pipeline run): one call
 * per bank whose transcript carries a mobile number, an ID-card number and a bank card, a case per
 * bank, and accounts limited to one bank.
 */
export const BANK_A = '建设银行';
export const BANK_B = '工商银行';
export const MOBILE = '13912345678';
export const ID_CARD = '11010519491231002X';
export const CARD = '6222021234567890123';
export const SCOPED_PASSWORD = 'a long scoped password';

export interface PrivacySeed {
  callA: string;
  callB: string;
  caseA: number;
  caseB: number;
}

export async function seedPrivacyData(db: Db): Promise<PrivacySeed> {
  const repos = repositories(db);
  const seedCall = async (id: string, bank: string, borrowerId: string, audio?: { format: string }, transcript = true) => {
    await repos.calls.insertIfNew({
      meta: {
        id, agentId: '8107', borrowerId, bank, startedAt: '2026-03-03T10:05:00+08:00',
        direction: 'outbound', firstContact: false, language: 'zh-CN',
      },
      source: 'recording', phone: '13800138000',
      ...(audio ? { audioSha256: id.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a').slice(0, 64), audioFormat: audio.format, audioBytes: 1 } : {}),
    });
    if (!transcript) return;
    await repos.transcripts.upsertAndMarkTranscribed({
      callId: id, engine: 'sidecar', language: 'zh-CN',
      segments: [
        { speaker: 'agent', startMs: 0, endMs: 2000, text: '您好，我是受银行委托的催收员。' },
        { speaker: 'customer', startMs: 2000, endMs: 5000, text: `我的手机是${MOBILE}，身份证${ID_CARD}，卡号${CARD}。` },
      ],
    });
  };
  await seedCall('priv-a', BANK_A, 'B-A1', { format: 'mp3' });
  await seedCall('priv-b', BANK_B, 'B-B1');
  // A recording that is not audio at all (a text file uploaded as .amr).
  await seedCall('priv-not-audio', BANK_A, 'B-A2', { format: 'amr' }, false);
  const openedAt = new Date('2026-03-03T03:00:00Z');
  const caseA = await repos.cases.insertOpen({ bank: BANK_A, borrowerId: 'B-A1', openedReason: 'complaint', riskScore: 1, openedAt, slaDueAt: new Date(openedAt.getTime() + 86_400_000) });
  const caseB = await repos.cases.insertOpen({ bank: BANK_B, borrowerId: 'B-B1', openedReason: 'complaint', riskScore: 1, openedAt, slaDueAt: new Date(openedAt.getTime() + 86_400_000) });
  return { callA: 'priv-a', callB: 'priv-b', caseA: caseA!.id, caseB: caseB!.id };
}

/** Where the seeded calls' recordings are (the app's AudioLocator). */
export function locatePrivacyAudio(notAudioFile: string) {
  return async (call: { id: string }) =>
    call.id === 'priv-a' ? 'fixtures/calls/zh-abusive.mp3' : call.id === 'priv-not-audio' ? notAudioFile : undefined;
}

/** An account limited to `banks`, password SCOPED_PASSWORD. */
export async function addScopedUser(db: Db, username: string, role: Role, banks: string[]): Promise<void> {
  await insertUser(db, { username, role, passwordHash: await hashPassword(SCOPED_PASSWORD), displayName: username, banks });
}
