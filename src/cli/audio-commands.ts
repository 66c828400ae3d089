import type { Command } from 'commander';

export function registerAudioCommands(_program: Command): void {}
