/**
 * Errors of the transcription stage. The split matters to the pipeline: a configuration problem is
 * the operator's to fix (retrying will not help, but the call is not at fault either); an input the
 * engine can never handle is permanent for that call; an engine that failed may work on a retry.
 */

/** A missing or unusable setting. The message names the environment variable to fix. */
export class AsrConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AsrConfigError';
  }
}

/** This call cannot be transcribed by any configured engine (e.g. Mandarin with only pocketsphinx). */
export class NoEngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoEngineError';
  }
}

/** The engine ran and failed. `permanent` when retrying the same input cannot succeed. */
export class EngineError extends Error {
  constructor(
    readonly engine: string,
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}

/** A delivered transcript that does not follow the transcript format; issues carry JSON paths. */
export class SidecarInvalidError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`${file}: not a valid transcript:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'SidecarInvalidError';
  }
}
