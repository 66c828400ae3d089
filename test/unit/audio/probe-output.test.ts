import { describe, expect, it } from 'vitest';
import { AudioInputError } from '../../../src/audio/audio-input-error.ts';
import { checkDecodedLength, classifyDecodeFailure } from '../../../src/audio/decode.ts';
import { ToolAbortedError, ToolError, ToolNotFoundError, ToolOutputLimitError, ToolTimeoutError } from '../../../src/audio/run-tool.ts';
import { ffmpegComplaint, formatDuration, looksLikeAudioContainer, parseFfprobeOutput, type AudioProbe } from '../../../src/audio/probe.ts';

const stream = { codec_type: 'audio', codec_name: 'pcm_mulaw', sample_rate: '8000', channels: 2, duration: '12.345000', bit_rate: '128000' };
const probeJson = (streams: unknown[], format: Record<string, unknown> = { format_name: 'wav', duration: '12.345000' }) => JSON.stringify({ streams, format });

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AudioInputError);
    return (err as AudioInputError).reason;
  }
  throw new Error('expected an AudioInputError');
}

describe('parseFfprobeOutput', () => {
  it('reads duration, codec, rate, channels, container and bit rate of the first audio stream', () => {
    const video = { codec_type: 'video', codec_name: 'mjpeg' };
    expect(parseFfprobeOutput(probeJson([video, stream]), 200_000, '/r/x.wav')).toEqual({
      durationMs: 12_345, codec: 'pcm_mulaw', sampleRate: 8000, channels: 2, formatName: 'wav', bitRate: 128_000, sizeBytes: 200_000,
    });
  });

  it('falls back to the container duration, and to 0 when nobody states one', () => {
    const { duration: _d, ...noStreamDuration } = stream;
    expect(parseFfprobeOutput(probeJson([noStreamDuration]), 1, 'x').durationMs).toBe(12_345);
    expect(parseFfprobeOutput(probeJson([noStreamDuration], { format_name: 'wav' }), 1, 'x').durationMs).toBe(0);
  });

  it('no audio stream: says what the file holds instead', () => {
    const err = (() => {
      try {
        parseFfprobeOutput(probeJson([{ codec_type: 'video' }, { codec_type: 'data' }], { format_name: 'mov,mp4' }), 1, '/r/screen.mp4');
      } catch (e) {
        return e as AudioInputError;
      }
      throw new Error('no error');
    })();
    expect(err.reason).toBe('no_audio_stream');
    expect(err.message).toBe('screen.mp4: no audio stream (mov,mp4 container with only video, data stream(s))');
  });

  it('permanent errors for zero channels, no sample rate, unreadable JSON and implausible length', () => {
    expect(reasonOf(() => parseFfprobeOutput(probeJson([{ ...stream, channels: 0 }]), 1, 'x'))).toBe('zero_channels');
    expect(reasonOf(() => parseFfprobeOutput(probeJson([{ ...stream, sample_rate: '0' }]), 1, 'x'))).toBe('corrupt');
    expect(reasonOf(() => parseFfprobeOutput('{"streams": [', 1, 'x'))).toBe('corrupt');
    expect(reasonOf(() => parseFfprobeOutput(probeJson([{ ...stream, duration: String(5 * 3600) }]), 1, 'x'))).toBe('implausible_duration');
    expect(parseFfprobeOutput(probeJson([{ ...stream, duration: String(5 * 3600) }]), 1, 'x', 6 * 3600_000).durationMs).toBe(5 * 3600_000);
  });
});

describe('input sniffing and messages', () => {
  it('recognises audio container signatures (corrupt) versus anything else (not audio)', () => {
    for (const head of ['RIFF\0\0\0\0WAVE', 'OggS\0', 'ID3\u0004', '#!AMR\n', 'fLaC', '\0\0\0\u0018ftypM4A ']) {
      expect(looksLikeAudioContainer(Buffer.from(head, 'latin1'))).toBe(true);
    }
    expect(looksLikeAudioContainer(Buffer.from([0xff, 0xfb, 0x90, 0x00]))).toBe(true); // MPEG frame sync
    expect(looksLikeAudioContainer(Buffer.from('Call notes, not a recording'))).toBe(false);
    expect(looksLikeAudioContainer(Buffer.from('%PDF-1.7'))).toBe(false);
    expect(looksLikeAudioContainer(Buffer.alloc(2))).toBe(false);
  });

  it('condenses ffmpeg stderr to what went wrong, without addresses or paths', () => {
    const tail = '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d267f491c0] moov atom not found\nfile:/srv/rec/a.m4a: Invalid data found when processing input';
    expect(ffmpegComplaint(tail)).toBe('moov atom not found; Invalid data found when processing input');
    expect(ffmpegComplaint('')).toBe('');
  });

  it('formats durations for people', () => {
    expect(formatDuration(1_234)).toBe('1.2 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(37 * 3600_000 + 16 * 60_000)).toBe('37 h 16 min');
  });
});

describe('checkDecodedLength', () => {
  const probe = (over: Partial<AudioProbe>): AudioProbe => ({ durationMs: 10_000, codec: 'mp3', sampleRate: 8000, channels: 2, formatName: 'mp3', sizeBytes: 1, ...over });

  it('nothing decoded is a permanent error', () => {
    expect(reasonOf(() => checkDecodedLength(0, probe({}), 'x'))).toBe('no_audio_decoded');
  });
  it('far less audio than the container states is a truncated recording', () => {
    expect(reasonOf(() => checkDecodedLength(4_000, probe({}), 'x'))).toBe('truncated');
  });
  it('small differences (encoder padding, estimates) and unknown lengths pass', () => {
    expect(() => checkDecodedLength(9_800, probe({}), 'x')).not.toThrow();
    expect(() => checkDecodedLength(500, probe({ durationMs: 1_400 }), 'x')).not.toThrow(); // < 1 s apart
    expect(() => checkDecodedLength(4_000, probe({ durationMs: 0 }), 'x')).not.toThrow();
  });
  it('lengths ffprobe only estimated from the bit rate are not held against the file', () => {
    expect(() => checkDecodedLength(4_000, probe({ durationEstimated: true }), 'x')).not.toThrow();
  });
  it('AMR lengths from ffprobe are bit-rate guesses and are not held against the file', () => {
    expect(() => checkDecodedLength(4_000, probe({ formatName: 'amr', codec: 'amr_nb' }), 'x')).not.toThrow();
  });
});

describe('classifyDecodeFailure', () => {
  const tail = '[mp3float @ 0x55aa] invalid new backstep -1\nfile:/r/x.mp3: Invalid data found when processing input';

  it('a decoder exiting non-zero found a corrupt body: permanent, with what ffmpeg said', () => {
    const err = classifyDecodeFailure(new ToolError('ffmpeg exited with code 1', 'ffmpeg', 1, null, tail), '/r/x.mp3');
    expect(err).toBeInstanceOf(AudioInputError);
    expect(err).toMatchObject({ reason: 'corrupt', message: 'x.mp3: the audio cannot be decoded (invalid new backstep -1; Invalid data found when processing input)' });
  });

  it('more PCM than any call recording is an implausible length, permanent', () => {
    const err = classifyDecodeFailure(new ToolOutputLimitError('ffmpeg', 1 << 20, 'SIGTERM', ''), '/r/x.wav', 3600_000);
    expect(err).toMatchObject({ reason: 'implausible_duration', message: 'x.wav: decodes to more than 1 h 0 min of audio, longer than any call recording' });
  });

  it('missing tools, timeouts, aborts and kills by a signal are not the recording\'s fault: passed through for a retry', () => {
    for (const e of [
      new ToolNotFoundError('ffmpeg'),
      new ToolTimeoutError('ffmpeg', 1000, 'SIGTERM', ''),
      new ToolAbortedError('ffmpeg', 'SIGTERM', ''),
      new ToolError('ffmpeg was killed by SIGKILL', 'ffmpeg', null, 'SIGKILL', ''),
      new Error('EMFILE'),
    ]) {
      expect(classifyDecodeFailure(e, '/r/x.wav')).toBe(e);
    }
  });
});
