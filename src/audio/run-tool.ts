import { spawn, type StdioPipe } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * The one way callguard runs an external tool (ffmpeg, ffprobe, sox, pocketsphinx, …): an argument
 * array (never a shell string), a deadline that kills the child (SIGTERM, then SIGKILL after a grace
 * period), the tail of stderr kept for the error, and the child always reaped before we return.
 */

export interface RunToolOptions {
  /** Hard deadline for the whole run. */
  timeoutMs: number;
  /** Written to the child's stdin, which is then closed. Without it stdin is /dev/null. */
  stdin?: Buffer | string;
  /** Aborting kills the child like a timeout does and rejects with ToolAbortedError. */
  signal?: AbortSignal;
  /**
   * Number of extra output pipes after stderr: 1 opens fd 3 (e.g. ffmpeg's `pipe:3`), 2 opens fds 3
   * and 4. Their bytes come back in `extraOutputs`.
   */
  extraStdio?: number;
  /** Kill the child and fail when stdout (or any extra output) grows past this. Default 512 MiB. */
  maxStdoutBytes?: number;
  /** Time between SIGTERM and SIGKILL. Default 2 s. */
  killGraceMs?: number;
  /** Exit codes that count as success. Default [0]. */
  okExitCodes?: readonly number[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ToolResult {
  stdout: Buffer;
  /** Bytes written to fds 3, 4, … in order (empty unless `extraStdio` was set). */
  extraOutputs: Buffer[];
  /** Last few KB of stderr, decoded as UTF-8. */
  stderrTail: string;
  code: number;
}

const STDERR_TAIL_BYTES = 4096;
const DEFAULT_MAX_OUTPUT = 512 * 1024 * 1024;
const DEFAULT_KILL_GRACE_MS = 2000;

/** A tool ran and failed: non-zero exit, killed by a signal, or output past the limit. */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | null,
    readonly exitSignal: NodeJS.Signals | null,
    readonly stderrTail: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** The deadline passed; the child was killed and reaped. */
export class ToolTimeoutError extends ToolError {
  constructor(command: string, readonly timeoutMs: number, exitSignal: NodeJS.Signals | null, stderrTail: string) {
    super(`${command} timed out after ${timeoutMs} ms and was killed`, command, null, exitSignal, stderrTail);
    this.name = 'ToolTimeoutError';
  }
}

/** The caller's AbortSignal fired; the child was killed and reaped. */
export class ToolAbortedError extends ToolError {
  constructor(command: string, exitSignal: NodeJS.Signals | null, stderrTail: string) {
    super(`${command} was aborted`, command, null, exitSignal, stderrTail);
    this.name = 'ToolAbortedError';
  }
}

/** The tool wrote more than `maxStdoutBytes`; it was killed and reaped. */
export class ToolOutputLimitError extends ToolError {
  constructor(command: string, readonly limitBytes: number, exitSignal: NodeJS.Signals | null, stderrTail: string) {
    super(`${command} wrote more than ${limitBytes} bytes of output and was killed`, command, null, exitSignal, stderrTail);
    this.name = 'ToolOutputLimitError';
  }
}

/** The executable is not installed (ENOENT): an operator problem, not an input problem. */
export class ToolNotFoundError extends ToolError {
  constructor(command: string) {
    super(`${command} not found: install it (scripts/setup.sh)`, command, null, null, '');
    this.name = 'ToolNotFoundError';
  }
}

/** Keeps only the last `limit` bytes written to it. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
  }
  toString(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString('utf8').trim();
  }
}

export function runTool(command: string, args: readonly string[], options: RunToolOptions): Promise<ToolResult> {
  const extra = options.extraStdio ?? 0;
  const maxBytes = options.maxStdoutBytes ?? DEFAULT_MAX_OUTPUT;
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const okCodes = options.okExitCodes ?? [0];

  return new Promise<ToolResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ToolAbortedError(command, null, ''));
      return;
    }
    const stdio: StdioPipe[] = [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] as StdioPipe[];
    for (let i = 0; i < extra; i++) stdio.push('pipe');

    const child = spawn(command, [...args], {
      stdio,
      cwd: options.cwd,
      env: options.env,
      windowsHide: true,
    });

    const outputs: Buffer[][] = Array.from({ length: 1 + extra }, () => []);
    const outputSizes = new Array<number>(1 + extra).fill(0);
    const stderr = new TailBuffer(STDERR_TAIL_BYTES);
    let failure: 'timeout' | 'abort' | 'overflow' | null = null;
    let spawnError: NodeJS.ErrnoException | null = null;
    let killTimer: NodeJS.Timeout | undefined;

    let exited = false;
    // A killed tool's grandchildren (a tool started through a wrapper script) may still hold its
    // pipes open; once the tool itself is gone, stop waiting for them so the caller is never hung.
    const releasePipes = () => {
      for (const stream of child.stdio) stream?.destroy();
    };
    const kill = (why: 'timeout' | 'abort' | 'overflow') => {
      if (failure !== null) return;
      failure = why;
      if (exited) {
        releasePipes();
        return;
      }
      child.kill('SIGTERM');
      // A tool that ignores SIGTERM still dies; `close` below reaps it either way.
      killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    };

    const deadline = setTimeout(() => kill('timeout'), options.timeoutMs);
    const onAbort = () => kill('abort');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const collect = (stream: Readable | null | undefined, index: number) => {
      stream?.on('data', (chunk: Buffer) => {
        outputSizes[index]! += chunk.length;
        if (outputSizes[index]! > maxBytes) {
          kill('overflow');
          return;
        }
        outputs[index]!.push(chunk);
      });
    };
    collect(child.stdout, 0);
    for (let i = 0; i < extra; i++) collect(child.stdio[3 + i] as Readable | null, 1 + i);
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

    if (options.stdin !== undefined && child.stdin) {
      // The child may exit without reading its input (EPIPE): its exit status tells the real story.
      child.stdin.on('error', () => {});
      child.stdin.end(options.stdin);
    }

    child.on('exit', () => {
      exited = true;
      if (failure !== null) releasePipes();
    });

    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
    });

    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      const tail = stderr.toString();
      if (spawnError) {
        reject(spawnError.code === 'ENOENT' ? new ToolNotFoundError(command) : spawnError);
        return;
      }
      if (failure === 'timeout') return reject(new ToolTimeoutError(command, options.timeoutMs, signal, tail));
      if (failure === 'abort') return reject(new ToolAbortedError(command, signal, tail));
      if (failure === 'overflow') {
        return reject(new ToolOutputLimitError(command, maxBytes, signal, tail));
      }
      if (code === null || !okCodes.includes(code)) {
        const how = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
        const detail = tail ? `: ${lastLines(tail, 3)}` : '';
        return reject(new ToolError(`${command} ${how}${detail}`, command, code, signal, tail));
      }
      resolve({
        stdout: Buffer.concat(outputs[0]!),
        extraOutputs: outputs.slice(1).map((chunks) => Buffer.concat(chunks)),
        stderrTail: tail,
        code,
      });
    });
  });
}

function lastLines(text: string, n: number): string {
  return text.split('\n').slice(-n).join(' | ');
}
