import { Command } from 'commander';
import { registerRulesCommands } from './rules-commands.ts';
import { registerAudioCommands } from './audio-commands.ts';
import { registerPipelineCommands } from './pipeline-commands.ts';
import { registerServerCommands } from './server-commands.ts';
import { registerDbCommands } from './db-commands.ts';
import { registerAuditCommands } from './audit-commands.ts';

/**
 * The `callguard` command. Each group of subcommands lives in its own file; this one only wires
 * them together. Exit codes: 0 ran, 1 the input or rules are invalid / a check failed, 2 usage.
 */
const program = new Command('callguard')
  .description('Call-recording compliance for debt collection / 催收通话录音合规质检')
  .showHelpAfterError()
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

registerRulesCommands(program);
registerAudioCommands(program);
registerPipelineCommands(program);
registerServerCommands(program);
registerDbCommands(program);
registerAuditCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`callguard: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
