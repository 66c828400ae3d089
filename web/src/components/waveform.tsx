import { useEffect, useRef } from 'react';
import type { Finding } from '../types.ts';

export interface Peaks {
  durationMs: number;
  channels: number[][];
}

/**
 * The recording's waveform (one lane per channel: agent and customer on a stereo recording) with
 * each finding drawn as a marked region. Clicking anywhere seeks; clicking a region selects it.
 */
export function Waveform({
  peaks, durationMs, positionMs, findings, selectedId, onSeek, onSelect,
}: {
  peaks: Peaks | null;
  durationMs: number;
  positionMs: number;
  findings: Finding[];
  selectedId: number | null;
  onSeek: (ms: number) => void;
  onSelect: (f: Finding) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = window.devicePixelRatio || 1;
    const width = c.clientWidth * ratio;
    const height = c.clientHeight * ratio;
    c.width = width;
    c.height = height;
    const g = c.getContext('2d');
    if (!g) return;
    g.clearRect(0, 0, width, height);
    const lanes = peaks?.channels.length ? peaks.channels : [];
    const laneHeight = height / Math.max(1, lanes.length);
    lanes.forEach((values, lane) => {
      const mid = laneHeight * lane + laneHeight / 2;
      g.fillStyle = lane === 0 ? '#3b6ea5' : '#6a8f3b';
      const step = width / values.length;
      values.forEach((v, i) => {
        const h = Math.max(1, v * (laneHeight / 2 - 2));
        g.fillRect(i * step, mid - h, Math.max(1, step - 0.5), h * 2);
      });
    });
  }, [peaks]);

  const pct = (ms: number) => `${Math.min(100, Math.max(0, (ms / Math.max(1, durationMs)) * 100))}%`;
  // Findings about the call as a whole (missing disclosure, hours) have no place on the timeline.
  const regions = findings.filter((f) => f.segmentIndex !== null && f.speaker !== 'call' && f.endMs > f.startMs);
  const rows = stackRegions(regions);
  const rowCount = Math.max(1, ...rows.values());

  return (
    <div
      className="waveform"
      data-testid="waveform"
      onClick={(e) => {
        const box = e.currentTarget.getBoundingClientRect();
        onSeek(((e.clientX - box.left) / box.width) * durationMs);
      }}
    >
      <canvas ref={canvas} />
      {regions.map((f) => (
        <button
          type="button"
          key={f.id}
          className={`region sev-${f.severity}${f.id === selectedId ? ' selected' : ''}${f.verdict ? ` verdict-${f.verdict}` : ''}`}
          style={{
            left: pct(f.startMs),
            width: `calc(${pct(f.endMs - f.startMs)} + 2px)`,
            top: `${((rows.get(f.id)! - 1) / rowCount) * 100}%`,
            height: `${100 / rowCount}%`,
          }}
          title={f.title}
          data-testid={`region-${f.id}`}
          onClick={(e) => {
            e.stopPropagation();
            onSelect(f);
          }}
        />
      ))}
      <div className="playhead" data-testid="playhead" style={{ left: pct(positionMs) }} />
    </div>
  );
}

/**
 * Overlapping findings (two rules on one sentence) would hide each other: each gets the first
 * row (1-based) where it overlaps nothing, so every region stays visible and clickable.
 */
export function stackRegions(regions: readonly Finding[]): Map<number, number> {
  const rowEnds: number[] = [];
  const rows = new Map<number, number>();
  for (const f of [...regions].sort((a, b) => a.startMs - b.startMs || a.id - b.id)) {
    let row = rowEnds.findIndex((end) => end <= f.startMs);
    if (row < 0) {
      row = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[row] = f.endMs;
    rows.set(f.id, row + 1);
  }
  return rows;
}
