import type { Language, Transcript, Word } from '../domain/transcript.ts';

/**
 * The contract every speech engine meets: one speaker channel of 16 kHz mono s16 PCM in, timed text
 * out. Engines never read global config: they take a logger and explicit options when built (see
 * create-transcriber.ts), so a worker can hold several, and tests build them directly.
 * Who spoke is not the engine's business: transcribe-recording.ts knows which channel is whose.
 */
export interface Transcriber {
  readonly kind: 'audio';
  /** Recorded in the transcript's `engine.name`. */
  readonly name: AudioEngineName;
  /** Model identity for `engine.model` (file name, server model), when there is one. */
  readonly model?: string;
  /** Engine build / version for `engine.version`. */
  readonly version?: string;
  /**
   * The model only knows wideband (16 kHz) speech: on telephone-band audio its output is noise
   * (pocketsphinx's en-us model). The quality estimate says so when the decoded audio is narrowband.
   */
  readonly widebandOnly?: boolean;
  transcribe(pcm: Int16Array, request: ChannelRequest): Promise<RecognizedSegment[]>;
  /** Frees native memory or other resources; the engine may not be used afterwards. */
  close(): Promise<void>;
}

export type AudioEngineName = 'whisper' | 'pocketsphinx' | 'openai-http';
export type EngineName = AudioEngineName | 'sidecar' | 'auto';

export interface ChannelRequest {
  language: Language;
  /** Words the recogniser should expect: the creditor bank, the agency, collection vocabulary. */
  vocabulary?: readonly string[];
  signal?: AbortSignal;
}

/** One stretch of recognised speech on one channel; times from the start of the recording. */
export interface RecognizedSegment {
  startMs: number;
  endMs: number;
  text: string;
  words?: Word[];
  /** 0..1, when the engine reports one. */
  confidence?: number;
}

/** A transcript that came with the recording from the telephony platform: no audio is read. */
export interface SidecarSource {
  readonly kind: 'sidecar';
  readonly name: 'sidecar';
  /** Where the transcript of `recording` is, or null when none was delivered. */
  locate(recording: string): Promise<string | null>;
  read(file: string): Promise<Transcript>;
}

/** Picks an engine per call (language, delivered sidecar) — `ASR_ENGINE=auto`. */
export interface EngineChooser {
  readonly kind: 'auto';
  readonly name: 'auto';
  choose(recording: string, language: Language): Promise<Transcriber | SidecarSource>;
  close(): Promise<void>;
}

export type TranscriptionEngine = Transcriber | SidecarSource | EngineChooser;

/** 16 kHz: what every engine here expects and what src/audio decodes to. */
export const ASR_SAMPLE_RATE = 16000;
