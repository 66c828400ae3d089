import { createRequire } from 'node:module';
import { AsrConfigError } from './asr-errors.ts';

/**
 * The native whisper.cpp binding of @fugood/whisper.node, loaded from its per-platform build package
 * (`@fugood/node-whisper-<platform>-<arch>[-cuda|-vulkan]`). callguard depends on the CPU build
 * only: the wrapper package pulls every CPU, Vulkan and CUDA build as optional dependencies (≈ 266 MB
 * on Linux). GPU builds are installed by the operator (docs/transcription.md) and picked with
 * WHISPER_BUILD. The wrapper's loader is a dozen lines; doing it here keeps the choice explicit.
 * Types below describe the part of the binding callguard uses (whisper.node 1.1.3, whisper.cpp 1.9).
 */
export interface NativeTranscribeOptions {
  language?: string;
  maxThreads?: number;
  prompt?: string;
  tokenTimestamps?: boolean;
  temperature?: number;
  beamSize?: number;
}

export interface NativeTranscribeResult {
  language?: string;
  result: string;
  /** t0 / t1 in milliseconds. */
  segments: Array<{ text: string; t0: number; t1: number }>;
  isAborted: boolean;
}

export interface NativeWhisperContext {
  transcribeData(pcm: ArrayBuffer, options?: NativeTranscribeOptions): { stop: () => Promise<void>; promise: Promise<NativeTranscribeResult> };
  release(): Promise<void>;
}

export interface NativeWhisperContextClass {
  new (options: { filePath: string; useGpu?: boolean; useFlashAttn?: boolean }): NativeWhisperContext;
  toggleNativeLog(enable: boolean, callback?: (level: string, text: string) => void): void;
}

export interface NativeWhisperModule {
  WhisperContext: NativeWhisperContextClass;
}

export const WHISPER_BUILDS = ['cpu', 'cuda', 'vulkan'] as const;
export type WhisperBuild = (typeof WHISPER_BUILDS)[number];

export function whisperPackageName(build: WhisperBuild, platform: string = process.platform, arch: string = process.arch): string {
  return `@fugood/node-whisper-${platform}-${arch}${build === 'cpu' ? '' : `-${build}`}`;
}

export class WhisperBuildMissingError extends AsrConfigError {
  constructor(
    readonly packageName: string,
    readonly build: WhisperBuild,
    options?: { cause?: unknown },
  ) {
    super(
      'WHISPER_BUILD',
      build === 'cpu'
        ? `the whisper engine needs ${packageName} (the CPU build of @fugood/whisper.node for this platform): run \`npm install --save-optional --save-exact ${packageName}@1.1.3\``
        : `WHISPER_BUILD=${build} but ${packageName} is not installed: see docs/transcription.md ("GPU builds"), or unset WHISPER_BUILD for the CPU build`,
      options,
    );
    this.name = 'WhisperBuildMissingError';
  }
}

/** The build is installed but its native library cannot load (a missing GPU runtime, wrong glibc). */
export class WhisperBuildLoadError extends AsrConfigError {
  constructor(
    readonly packageName: string,
    readonly build: WhisperBuild,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      'WHISPER_BUILD',
      `WHISPER_BUILD=${build}: ${packageName} is installed but cannot load (${reason})` +
        (build === 'cuda' ? '; install the CUDA 12 runtime (libcudart.so.12) or set WHISPER_BUILD=cpu' : build === 'vulkan' ? '; install libvulkan1 or set WHISPER_BUILD=cpu' : ''),
      options,
    );
    this.name = 'WhisperBuildLoadError';
  }
}

const require = createRequire(import.meta.url);
const loaded = new Map<WhisperBuild, NativeWhisperModule>();

export function loadWhisperNative(build: WhisperBuild = 'cpu'): NativeWhisperModule {
  const cached = loaded.get(build);
  if (cached) return cached;
  const name = whisperPackageName(build);
  let mod: NativeWhisperModule;
  try {
    mod = require(name) as NativeWhisperModule;
  } catch (err) {
    // Only "not installed" is an installation problem; a build that exists but fails to load
    // (missing libcudart, wrong glibc) must show its own message.
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes(name)) {
      throw new WhisperBuildMissingError(name, build, { cause: err });
    }
    // Measured: the CUDA build without the CUDA 12 runtime fails here (libcudart.so.12); it does
    // not fall back to the CPU. Failing loudly beats running 20× slower than the operator planned.
    if ((err as NodeJS.ErrnoException).code === 'ERR_DLOPEN_FAILED') {
      throw new WhisperBuildLoadError(name, build, (err as Error).message, { cause: err });
    }
    throw err;
  }
  if (typeof mod.WhisperContext !== 'function') {
    throw new Error(`${name} does not export WhisperContext: an incompatible version is installed (callguard expects 1.1.x)`);
  }
  loaded.set(build, mod);
  return mod;
}
