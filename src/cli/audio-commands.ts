import type { Command } from 'commander';
import { registerProbeCommand } from './probe-command.ts';
import { registerTranscribeCommand } from './transcribe-command.ts';

/** The audio command group: each command lives in its own file; this one only registers them. */
export function registerAudioCommands(program: Command): void {
  // callguard probe — src/cli/probe-command.ts (audio decoding and checks)
  registerProbeCommand(program);
  // callguard transcribe — src/cli/transcribe-command.ts (transcription engines)
  registerTranscribeCommand(program);
}
