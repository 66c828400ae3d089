import { describe, expect, it, vi } from 'vitest';
import { ToolAbortedError, ToolError, ToolNotFoundError, ToolOutputLimitError, ToolTimeoutError, runTool } from '../../../src/audio/run-tool.ts';
import { childProcesses, isAlive } from './processes.ts';

/** The child prints its pid to stderr and then becomes `sleep` (same pid): we can look for it afterwards. */
const sleeper = (seconds: number) => ['-c', `echo "pid $$" >&2; exec sleep ${seconds}`];
/** A tool that ignores SIGTERM, in one process (a shell would leave its sleeping child behind). */
const stubborn = ['-e', "process.on('SIGTERM', () => {}); console.error('pid ' + process.pid); setInterval(() => {}, 1000);"];

function pidFrom(err: unknown): number {
  const m = /pid (\d+)/.exec((err as ToolError).stderrTail);
  if (!m) throw new Error(`no pid in stderr tail: ${(err as ToolError).stderrTail}`);
  return Number(m[1]);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('runTool with real processes', () => {
  it('returns stdout, stdin reaches the tool, the exit code is reported', async () => {
    const r = await runTool('sh', ['-c', 'tr a-z A-Z; echo note >&2'], { timeoutMs: 5000, stdin: 'hello' });
    expect(r.stdout.toString()).toBe('HELLO');
    expect(r.stderrTail).toBe('note');
    expect(r.code).toBe(0);
  });

  it('arguments are passed as they are, never through a shell', async () => {
    const r = await runTool('printf', ['%s|', '$(id)', '; rm -rf /', "'quoted'"], { timeoutMs: 5000 });
    expect(r.stdout.toString()).toBe("$(id)|; rm -rf /|'quoted'|");
  });

  it('collects an extra output pipe (fd 3) apart from stdout', async () => {
    const r = await runTool('sh', ['-c', 'printf left; printf right >&3'], { timeoutMs: 5000, extraStdio: 1 });
    expect(r.stdout.toString()).toBe('left');
    expect(r.extraOutputs.map((b) => b.toString())).toEqual(['right']);
  });

  it('a non-zero exit is a ToolError with the command, code and stderr tail', async () => {
    const err = await rejection(runTool('sh', ['-c', 'echo "first" >&2; echo "Invalid data found" >&2; exit 3'], { timeoutMs: 5000 }));
    expect(err).toBeInstanceOf(ToolError);
    expect(err).toMatchObject({ command: 'sh', exitCode: 3, stderrTail: 'first\nInvalid data found' });
    expect((err as Error).message).toBe('sh exited with code 3: first | Invalid data found');
  });

  it('okExitCodes accepts tools that use non-zero codes for success', async () => {
    await expect(runTool('sh', ['-c', 'exit 1'], { timeoutMs: 5000, okExitCodes: [0, 1] })).resolves.toMatchObject({ code: 1 });
  });

  it('keeps only the tail of a chatty stderr', async () => {
    const r = await runTool('sh', ['-c', 'i=0; while [ $i -lt 2000 ]; do echo "line $i" >&2; i=$((i+1)); done'], { timeoutMs: 10_000 });
    expect(r.stderrTail.length).toBeLessThanOrEqual(4096);
    expect(r.stderrTail.endsWith('line 1999')).toBe(true);
  });

  it('a missing executable is ToolNotFoundError telling how to install it', async () => {
    const err = await rejection(runTool('callguard-no-such-tool', [], { timeoutMs: 5000 }));
    expect(err).toBeInstanceOf(ToolNotFoundError);
    expect((err as Error).message).toBe('callguard-no-such-tool not found: install it (scripts/setup.sh)');
  });

  it('a timeout kills a sleeping tool and reaps it: no process left', async () => {
    // Time for the shell to start and print its pid even on a loaded machine.
    const err = await rejection(runTool('sh', sleeper(30), { timeoutMs: 1_000 }));
    expect(err).toBeInstanceOf(ToolTimeoutError);
    // Ended by the signal, not by finishing its 30 s sleep: the timeout killed it.
    expect((err as ToolTimeoutError).exitSignal).toBe('SIGTERM');
    expect(isAlive(pidFrom(err))).toBe(false);
    expect(childProcesses()).toEqual([]);
  });

  it('a tool that ignores SIGTERM gets SIGKILL after the grace period', async () => {
    // Node takes over 100 ms to start on an idle machine: the deadline leaves time for it to start
    // and ignore SIGTERM on a loaded one, where 500 ms killed it before it had.
    const err = await rejection(runTool(process.execPath, stubborn, { timeoutMs: 3_000, killGraceMs: 300 }));
    expect(err).toBeInstanceOf(ToolTimeoutError);
    expect((err as ToolTimeoutError).exitSignal).toBe('SIGKILL');
    expect(isAlive(pidFrom(err))).toBe(false);
  });

  it('an AbortSignal kills the tool; an already aborted signal spawns nothing', async () => {
    const controller = new AbortController();
    const run = runTool('sh', sleeper(30), { timeoutMs: 30_000, signal: controller.signal });
    // Aborted once the shell has printed its pid and become `sleep`, not after a fixed 200 ms.
    await vi.waitFor(() => expect(childProcesses().map((c) => c.comm)).toContain('sleep'), { timeout: 10_000 });
    controller.abort();
    const err = await rejection(run);
    expect(err).toBeInstanceOf(ToolAbortedError);
    expect(isAlive(pidFrom(err))).toBe(false);
    await expect(runTool('sh', sleeper(30), { timeoutMs: 30_000, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(ToolAbortedError);
    expect(childProcesses()).toEqual([]);
  });

  it('output past the limit kills the tool instead of filling memory', async () => {
    const err = await rejection(runTool('cat', ['/dev/zero'], { timeoutMs: 10_000, maxStdoutBytes: 1 << 20 }));
    expect(err).toBeInstanceOf(ToolOutputLimitError);
    expect(childProcesses()).toEqual([]);
  });
});
