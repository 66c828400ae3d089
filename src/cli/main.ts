import { buildProgram } from './program.ts';

/**
 * The `callguard` command. The command tree is in program.ts; each command loads what it needs
 * only when it runs. Exit codes: 0 ran, 1 the input or rules are invalid / a check failed, 2 usage.
 */
const program = buildProgram();

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`callguard: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
