import type { Segment } from '../../domain/transcript.ts';

type WindowSpec = { first_seconds?: number; last_seconds?: number; first_agent_turns?: number };

/**
 * Time windows of one call. Agent turns are runs of consecutive agent segments; on a call with no
 * agent segment at all (a mono recording) each unknown-speaker segment counts as a turn when the
 * policy lets rules read unknown speakers.
 */
export class CallWindows {
  private readonly turnEnds: number[] = [];

  constructor(
    private readonly segments: readonly Segment[],
    unknown: 'match' | 'skip',
  ) {
    const hasAgent = segments.some((s) => s.speaker === 'agent');
    segments.forEach((s, i) => {
      if (hasAgent) {
        if (s.speaker !== 'agent') return;
        const previous = segments[i - 1];
        if (previous && previous.speaker === 'agent') this.turnEnds[this.turnEnds.length - 1] = i;
        else this.turnEnds.push(i);
      } else if (s.speaker === 'unknown' && unknown === 'match') this.turnEnds.push(i);
    });
  }

  contains(window: WindowSpec | undefined, index: number, callEndMs: number): boolean {
    if (!window) return true;
    const s = this.segments[index]!;
    if (window.first_seconds !== undefined) return s.startMs < window.first_seconds * 1000;
    if (window.last_seconds !== undefined) return s.endMs > callEndMs - window.last_seconds * 1000;
    if (window.first_agent_turns !== undefined) {
      const last = this.turnEnds[window.first_agent_turns - 1];
      return last === undefined || index <= last;
    }
    return true;
  }

  span(window: WindowSpec | undefined, callEndMs: number): { startMs: number; endMs: number } {
    if (!window) return { startMs: 0, endMs: callEndMs };
    if (window.first_seconds !== undefined) return { startMs: 0, endMs: Math.min(callEndMs, window.first_seconds * 1000) };
    if (window.last_seconds !== undefined) return { startMs: Math.max(0, callEndMs - window.last_seconds * 1000), endMs: callEndMs };
    const last = window.first_agent_turns !== undefined ? this.turnEnds[window.first_agent_turns - 1] : undefined;
    return { startMs: 0, endMs: last === undefined ? callEndMs : this.segments[last]!.endMs };
  }
}
