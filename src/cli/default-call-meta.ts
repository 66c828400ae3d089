import path from 'node:path';
import type { CallMeta, Language } from '../domain/transcript.ts';

/**
 * The call metadata `callguard transcribe` assumes for a bare recording, so it transcribes one
 * without a metadata file: the id is the file's name, the language the one asked for, the people and
 * the bank "unknown", the start the file's modification time. Where a guess changes which rules
 * apply it takes the stricter side (a first contact, an outbound call), so a missing fact never makes
 * a call look compliant. `describeDefaults` says all this to the person running the command.
 */
export const UNKNOWN = 'unknown';

export function defaultCallMeta(audioPath: string, opts: { language: Language; startedAt: Date; utcOffsetMinutes: number }): CallMeta {
  return {
    id: path.parse(audioPath).name || path.basename(audioPath),
    agentId: UNKNOWN,
    borrowerId: UNKNOWN,
    bank: UNKNOWN,
    startedAt: isoWithOffset(opts.startedAt, opts.utcOffsetMinutes),
    direction: 'outbound',
    firstContact: true,
    language: opts.language,
  };
}

export function describeDefaults(audioPath: string, meta: CallMeta, languageWasAsked: boolean): string {
  return (
    `no call metadata for ${path.basename(audioPath)}: assuming id "${meta.id}", language ${meta.language}` +
    `${languageWasAsked ? '' : ' (--language en for English)'}, agent, borrower and bank "${UNKNOWN}", ` +
    `an outbound first contact started ${meta.startedAt} (the file's time); pass --meta META.json for the call's own / ` +
    `无通话元数据：按文件名作通话编号，坐席、借款人、银行未知`
  );
}

/** ISO 8601 with the given UTC offset (minutes east of UTC), to the second: 2026-03-02T10:30:00+08:00. */
export function isoWithOffset(at: Date, utcOffsetMinutes: number): string {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The call's language from the --language / WHISPER_LANGUAGE choice; `auto` gives none. */
export function languageOfChoice(choice: string): Language | undefined {
  return choice === 'zh' ? 'zh-CN' : choice === 'en' ? 'en-US' : undefined;
}
