import type { JobName } from '../pipeline/transport/job-table.ts';
import type { Role } from '../domain/role.ts';
import type { ChannelLayout } from '../audio/speakers.ts';
import type { Config } from '../config.ts';

/**
 * The fixed choices the CLI's options offer, written out here so that building the command tree
 * (and printing --help) loads no subsystem. Each list is checked against the type it mirrors: a
 * stage, engine, layout or role added there and not here fails the type check.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export const STAGE_NAMES = ['ingest', 'decode', 'transcribe', 'scan', 'triage'] as const;
export type _StageNamesMatch = Assert<Same<(typeof STAGE_NAMES)[number], JobName>>;

export const ASR_ENGINES = ['auto', 'whisper', 'pocketsphinx', 'openai-http', 'sidecar'] as const;
export type _AsrEnginesMatch = Assert<Same<(typeof ASR_ENGINES)[number], Config['ASR_ENGINE']>>;

export const WHISPER_LANGUAGES = ['zh', 'en', 'auto'] as const;
export type _WhisperLanguagesMatch = Assert<Same<(typeof WHISPER_LANGUAGES)[number], Config['WHISPER_LANGUAGE']>>;

export const CHANNEL_LAYOUTS = ['agent-left', 'agent-right', 'mono'] as const;
export type _ChannelLayoutsMatch = Assert<Same<(typeof CHANNEL_LAYOUTS)[number], ChannelLayout>>;

export const ROLE_NAMES = ['qa_reviewer', 'supervisor', 'compliance_officer', 'admin'] as const;
export type _RoleNamesMatch = Assert<Same<(typeof ROLE_NAMES)[number], Role>>;
