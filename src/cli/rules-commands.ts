import type { Command } from 'commander';

export function registerRulesCommands(_program: Command): void {}
