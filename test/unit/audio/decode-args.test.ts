import { describe, expect, it } from 'vitest';
import { buildFfmpegMonoArgs, buildFfmpegNullArgs, buildFfmpegSplitArgs, buildSoxAmrArgs, chooseDecoder } from '../../../src/audio/decode-args.ts';
import { buildFfprobeArgs, ffmpegInputUrl } from '../../../src/audio/probe.ts';

describe('decode argument builders', () => {
  it('names inputs through the file: protocol with an absolute path, so odd names stay file names', () => {
    expect(ffmpegInputUrl('/rec/a:b.wav')).toBe('file:/rec/a:b.wav');
    expect(ffmpegInputUrl('-y.wav')).toMatch(/^file:\/.*\/-y\.wav$/);
    expect(buildFfprobeArgs('/rec/x.mp3')).toEqual(['-v', 'warning', '-print_format', 'json', '-show_format', '-show_streams', 'file:/rec/x.mp3']);
  });

  it('mono decode: first audio stream, downmixed, 16 kHz s16le on stdout, never reading stdin', () => {
    const args = buildFfmpegMonoArgs('file:/r/x.wav');
    expect(args).toContain('-nostdin');
    expect(args.join(' ')).toContain('-i file:/r/x.wav -map 0:a:0');
    expect(args.join(' ')).toMatch(/-ac 1 -ar 16000 -f s16le -c:a pcm_s16le pipe:1$/);
  });

  it('split decode: channelsplit with left on fd 1 and right on fd 3', () => {
    const args = buildFfmpegSplitArgs('file:/r/x.wav');
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toBe('[0:a:0]pan=stereo|c0=c0|c1=c1,aresample=16000,channelsplit=channel_layout=stereo[L][R]');
    const tail = args.slice(args.indexOf('-map')).join(' ');
    expect(tail).toBe('-map [L] -f s16le -c:a pcm_s16le pipe:1 -map [R] -f s16le -c:a pcm_s16le pipe:3');
  });

  it('the benchmark floor decodes to the null muxer', () => {
    expect(buildFfmpegNullArgs('file:/r/x.opus').slice(-3)).toEqual(['-f', 'null', '-']);
  });

  it('sox for AMR: explicit input type (stored files have no extension), raw 16 kHz out, no dither', () => {
    expect(buildSoxAmrArgs('/store/ab/cdef', 'amr-nb')).toEqual([
      '-V1', '-D', '-t', 'amr-nb', '/store/ab/cdef', '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-c', '1', '-r', '16000', '-',
    ]);
  });

  it('sox refuses a relative path (sox reads "-" as stdin and "|cmd" as a command)', () => {
    expect(() => buildSoxAmrArgs('|rm -rf x', 'amr-nb')).toThrow(/absolute path/);
    expect(() => buildSoxAmrArgs('-', 'amr-nb')).toThrow(/absolute path/);
  });

  it('routes raw AMR files to sox and everything else, AMR inside 3GP included, to ffmpeg', () => {
    expect(chooseDecoder('amr_nb', 'amr')).toEqual({ tool: 'sox', kind: 'amr-nb' });
    expect(chooseDecoder('amr_wb', 'amr')).toEqual({ tool: 'sox', kind: 'amr-wb' });
    expect(chooseDecoder('amr_nb', 'mov,mp4,m4a,3gp,3g2,mj2')).toEqual({ tool: 'ffmpeg' });
    expect(chooseDecoder('mp3', 'mp3')).toEqual({ tool: 'ffmpeg' });
  });
});
