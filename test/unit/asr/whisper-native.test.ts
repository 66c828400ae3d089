import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsrConfigError } from '../../../src/asr/asr-errors.ts';
import { loadWhisperNative, whisperPackageName, WhisperBuildMissingError } from '../../../src/asr/whisper-native.ts';

const installed = (build: string) => existsSync(path.resolve(import.meta.dirname, '../../../node_modules', whisperPackageName(build as 'cpu')));

describe('whisper native build loader', () => {
  it('names the per-platform package of each build', () => {
    expect(whisperPackageName('cpu', 'linux', 'x64')).toBe('@fugood/node-whisper-linux-x64');
    expect(whisperPackageName('cuda', 'linux', 'x64')).toBe('@fugood/node-whisper-linux-x64-cuda');
    expect(whisperPackageName('vulkan', 'win32', 'x64')).toBe('@fugood/node-whisper-win32-x64-vulkan');
  });

  it.skipIf(!installed('cpu'))('loads the CPU build that package.json installs', () => {
    expect(typeof loadWhisperNative('cpu').WhisperContext).toBe('function');
  });

  it.skipIf(installed('cuda'))('says how to install a GPU build that is asked for but absent (it is not installed by default)', () => {
    let err: unknown;
    try {
      loadWhisperNative('cuda');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WhisperBuildMissingError);
    expect(err).toBeInstanceOf(AsrConfigError);
    expect((err as AsrConfigError).variable).toBe('WHISPER_BUILD');
    expect((err as Error).message).toMatch(/WHISPER_BUILD=cuda but @fugood\/node-whisper-.*-cuda is not installed.*docs\/transcription\.md/);
  });
});
