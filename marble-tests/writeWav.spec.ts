import { AudioFrame } from '@livekit/rtc-node';
import {
  FrameFormatError,
  readWav,
  WavFileError,
  WavFormatError,
  writeWav,
  type WavSummary,
} from 'livekit-rx';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { concat, from, lastValueFrom, of, Subject, throwError, toArray } from 'rxjs';
import { WaveFile } from 'wavefile';
import { wavWriteLimit } from '../src/internal/wavWriteLimit';
import { openFds, useTempDir } from './wavFiles';

const dir = useTempDir();
const frame = (values: number[], rate = 16000, channels = 1) =>
  new AudioFrame(Int16Array.from(values), rate, channels, values.length / channels);
const write = (path: string, frames: AudioFrame[], options = {}) =>
  lastValueFrom(from(frames).pipe(writeWav(path, options)));
/** The file as wavefile reads it: its format and int16 samples. */
const parse = (path: string) => {
  const wav = new WaveFile(readFileSync(path));
  const fmt = wav.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number };
  return {
    sampleRate: fmt.sampleRate,
    numChannels: fmt.numChannels,
    bitsPerSample: fmt.bitsPerSample,
    samples: Array.from(wav.getSamples(true, Int16Array) as unknown as Int16Array),
  };
};

describe('writeWav', () => {
  it('writes a 16-bit PCM WAV file that wavefile reads back, and emits a summary on complete', async () => {
    const path = dir.path('a.wav');
    const summary = await write(path, [frame([1, -2, 3, -4], 16000, 2), frame([5, 6], 16000, 2)]);
    expect(summary).toEqual<WavSummary>({
      path,
      frames: 2,
      samplesPerChannel: 3,
      durationMs: (3 / 16000) * 1000,
      sampleRate: 16000,
      numChannels: 2,
      bytes: 44 + 12,
    });
    expect(statSync(path).size).toBe(56);
    expect(parse(path)).toEqual({
      sampleRate: 16000,
      numChannels: 2,
      bitsPerSample: 16,
      samples: [1, -2, 3, -4, 5, 6],
    });
  });

  it('writes frames whose data is a view at an offset, and frames larger than a write block', async () => {
    const path = dir.path('views.wav');
    const big = Int16Array.from({ length: 96000 }, (_, i) => (i % 2000) - 1000); // 192 KB
    const backing = Int16Array.from([9, 9, 7, 8, 9]);
    const view = new AudioFrame(backing.subarray(2, 4), 16000, 1, 2);
    await write(path, [view, new AudioFrame(big, 16000, 1, 96000), view]);
    expect(parse(path).samples).toEqual([7, 8, ...big, 7, 8]);
  });

  it('ends with a FrameFormatError when the format changes, keeping a valid file of what came before', async () => {
    const path = dir.path('change.wav');
    const err = await write(path, [frame([1, 2]), frame([3, 4], 8000)]).catch((e: unknown) => e);
    expect(err).toEqual(
      new FrameFormatError(
        {
          operator: 'writeWav',
          frameIndex: 1,
          problem: 'sample-rate',
          expected: 16000,
          actual: 8000,
        },
        'The file is 16000 Hz with 1 channel(s): resample or remix the frames first, or write another file.',
      ),
    );
    expect(parse(path).samples).toEqual([1, 2]);
    const configured = dir.path('configured.wav');
    const mono = await write(configured, [frame([1, 2], 16000, 2)], { sampleRate: 16000 }).catch(
      (e: unknown) => e,
    );
    expect(mono).toMatchObject({ name: 'FrameFormatError', info: { problem: 'channels' } });
  });

  it('leaves a valid WAV of what was written, closed, when the consumer unsubscribes', () => {
    const path = dir.path('unsubscribed.wav');
    const input = new Subject<AudioFrame>();
    const before = openFds();
    const sub = input.pipe(writeWav(path)).subscribe();
    expect(openFds()).toBe(before + 1);
    input.next(frame([1, 2, 3]));
    input.next(frame([4]));
    sub.unsubscribe();
    expect(openFds()).toBe(before);
    expect(parse(path).samples).toEqual([1, 2, 3, 4]);
    expect(input.observed).toBe(false);
  });

  it('finishes the file, then forwards an upstream error', async () => {
    const path = dir.path('upstream.wav');
    const failing = concat(
      of(frame([5, 6])),
      throwError(() => new Error('track gone')),
    );
    await expect(lastValueFrom(failing.pipe(writeWav(path)))).rejects.toThrow('track gone');
    expect(parse(path).samples).toEqual([5, 6]);
  });

  it('writes a valid empty file for an empty stream: the configured format, else 48 kHz mono', async () => {
    const path = dir.path('empty.wav');
    expect(await write(path, [])).toMatchObject({ frames: 0, sampleRate: 48000, bytes: 44 });
    expect(parse(path)).toEqual({
      sampleRate: 48000,
      numChannels: 1,
      bitsPerSample: 16,
      samples: [],
    });
    await write(path, [], { sampleRate: 8000, numChannels: 2 });
    expect(parse(path)).toMatchObject({ sampleRate: 8000, numChannels: 2, samples: [] });
  });

  it('writes the header at once when the format is configured; readWav reads a crashed file to its end', async () => {
    const path = dir.path('live.wav');
    const input = new Subject<AudioFrame>();
    const sub = input.pipe(writeWav(path, { sampleRate: 1000, numChannels: 1 })).subscribe();
    expect(statSync(path).size).toBe(44);
    input.next(frame([1, 2], 1000));
    // Until it ends, the file holds the "size unknown" placeholders and the first block is in
    // memory; a reader of a copy taken after a crash reads whatever made it to disk.
    const header = readFileSync(path).subarray(0, 44);
    expect(new DataView(header.buffer, header.byteOffset).getUint32(40, true)).toBe(0xffffffff);
    const crashed = new Uint8Array([...header, 1, 0, 2, 0]);
    const back = await lastValueFrom(readWav(crashed, { frameMs: 1 }).pipe(toArray()));
    expect(back.flatMap((f) => Array.from(f.data))).toEqual([1, 2]);
    sub.unsubscribe();
    expect(parse(path).samples).toEqual([1, 2]);
  });

  it('ends with a WavFileError when the file cannot be created or written', async () => {
    const missing = dir.path('no/such/folder/x.wav');
    const err = await write(missing, [frame([1])]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WavFileError);
    expect((err as WavFileError).info).toEqual({
      path: missing,
      operation: 'open',
      code: 'ENOENT',
    });
    expect(existsSync(missing)).toBe(false);
    if (existsSync('/dev/full')) {
      const full = await write('/dev/full', [frame([1])], { sampleRate: 16000 }).catch(
        (e: unknown) => e,
      );
      expect(full).toBeInstanceOf(WavFileError);
      expect((full as WavFileError).info).toMatchObject({ operation: 'write', code: 'ENOSPC' });
    }
  });

  it('refuses to grow past what a WAV file can hold (WavFormatError too-large), keeping the file valid', async () => {
    const path = dir.path('large.wav');
    const limit = wavWriteLimit.maxDataBytes;
    wavWriteLimit.maxDataBytes = 8;
    try {
      const err = await write(path, [frame([1, 2]), frame([3, 4]), frame([5])]).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WavFormatError);
      expect((err as WavFormatError).info).toEqual({
        source: path,
        problem: 'too-large',
        offset: 52,
      });
      expect(parse(path).samples).toEqual([1, 2, 3, 4]);
    } finally {
      wavWriteLimit.maxDataBytes = limit;
    }
  });

  it('rejects a format that can never work at once', () => {
    expect(() => writeWav('x.wav', { sampleRate: 0 })).toThrow(
      new RangeError('writeWav: sampleRate must be a whole number of Hz from 1 to 384000, got 0'),
    );
    expect(() => writeWav('x.wav', { numChannels: 1.5 })).toThrow(RangeError);
    expect(() => writeWav('x.wav', { numChannels: 9 })).toThrow(
      new RangeError('writeWav: numChannels must be a whole number from 1 to 8, got 9'),
    );
    expect(() => writeWav('x.wav', { sampleRate: 384_001 })).toThrow(RangeError);
  });
});
