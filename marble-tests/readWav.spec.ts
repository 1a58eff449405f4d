import { AudioFrame } from '@livekit/rtc-node';
import {
  FrameFormatError,
  readWav,
  WavFileError,
  WavFormatError,
  writeWav,
  type WavFormatProblem,
} from 'livekit-rx';
import type { FileHandle } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { firstValueFrom, from, lastValueFrom, map, take, toArray } from 'rxjs';
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { WaveFile } from 'wavefile';
import { wavFileSystem } from '../src/internal/wavFileSystem';
import { testScheduler } from './scheduler';
import { chunk, fmtBody, int16Bytes, riffWave, useTempDir } from './wavFiles';

const dir = useTempDir();

const ramp = (n: number, channels = 1, start = 0) =>
  Int16Array.from({ length: n * channels }, (_, i) => (((start + i) * 37) % 65536) - 32768);
const frameOf = (data: Int16Array, rate: number, channels: number) =>
  new AudioFrame(data, rate, channels, data.length / channels);
const readAll = (input: string | Uint8Array, options = {}) =>
  lastValueFrom(readWav(input, options).pipe(toArray()));
const samplesOf = (frames: AudioFrame[]) => frames.flatMap((f) => Array.from(f.data));

/** Watches the file handles readWav opens: the bytes of every read, and whether it was closed. */
function watchHandles() {
  const original = wavFileSystem.open;
  const reads: number[] = [];
  let opened = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  wavFileSystem.open = async (path) => {
    opened++;
    const handle = await original(path);
    const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<{ bytesRead: number }>;
    const close = handle.close.bind(handle);
    return Object.assign(Object.create(handle) as FileHandle, {
      read: async (...args: unknown[]) => {
        reads.push(args[2] as number);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await read(...args);
        } finally {
          inFlight--;
        }
      },
      close: async () => {
        await close();
        resolveClosed();
      },
      stat: () => handle.stat(),
    });
  };
  return {
    reads,
    closed,
    opened: () => opened,
    maxInFlight: () => maxInFlight,
    inFlight: () => inFlight,
    restore: () => (wavFileSystem.open = original),
  };
}

describe('readWav', () => {
  it('reads back exactly what writeWav wrote: stereo 44.1 kHz, 10 ms frames of 441 samples', async () => {
    const path = dir.path('stereo.wav');
    const pcm = ramp(44100, 2); // 1 s
    const frames = Array.from({ length: 10 }, (_, i) =>
      frameOf(pcm.slice(i * 8820, (i + 1) * 8820), 44100, 2),
    );
    await lastValueFrom(from(frames).pipe(writeWav(path)));
    const back = await readAll(path);
    expect(back).toHaveLength(100);
    expect(back[0]).toMatchObject({ sampleRate: 44100, channels: 2, samplesPerChannel: 441 });
    expect(Int16Array.from(samplesOf(back))).toEqual(pcm);
    expect(back.every((f) => f.data.byteOffset === 0 && f.data.length === 882)).toBe(true);
  });

  it('emits the last shorter frame as it is, padded, or not at all (remainder)', async () => {
    const bytes = riffWave([
      chunk('fmt ', fmtBody(1, 1, 1000, 16)),
      chunk('data', int16Bytes([1, 2, 3, 4, 5])),
    ]);
    const sizes = async (remainder: 'emit' | 'pad' | 'drop') =>
      (await readAll(bytes, { frameMs: 2, remainder })).map((f) => Array.from(f.data));
    expect(await sizes('emit')).toEqual([[1, 2], [3, 4], [5]]);
    expect(await sizes('pad')).toEqual([
      [1, 2],
      [3, 4],
      [5, 0],
    ]);
    expect(await sizes('drop')).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('reads bytes in memory synchronously, with the same frames as from a path', async () => {
    const path = dir.path('mono.wav');
    const pcm = ramp(4800);
    await lastValueFrom(from([frameOf(pcm, 48000, 1)]).pipe(writeWav(path)));
    const fromPath = await readAll(path);
    const { readFileSync } = await import('node:fs');
    const seen: AudioFrame[] = [];
    readWav(readFileSync(path)).subscribe((f) => seen.push(f));
    expect(seen).toEqual(fromPath); // already there: emitted during subscribe
    expect(seen).toHaveLength(10);
  });

  it('converts 8, 24, 32-bit PCM and 32, 64-bit float files (written by wavefile) to int16', async () => {
    const cases: [string, number[], (x: number) => number][] = [
      ['8', [0, 1, 127, 128, 129, 255], (u) => (u - 128) << 8],
      ['24', [-8388608, -257, -256, -1, 0, 255, 256, 8388607], (x) => Math.floor(x / 256)],
      ['32', [-2147483648, -65537, -1, 0, 65535, 65536, 2147483647], (x) => Math.floor(x / 65536)],
      [
        '32f',
        [-2, -1, -0.5, 0, 0.25, 0.999, 1, 3],
        (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32768))),
      ],
      [
        '64',
        [-1, -1 / 3, 0, 1 / 3, 0.99999, 1.5],
        (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32768))),
      ],
    ];
    for (const [depth, samples, toInt16] of cases) {
      const wav = new WaveFile();
      wav.fromScratch(1, 8000, depth, samples);
      const path = dir.path(`depth-${depth}.wav`);
      writeFileSync(path, wav.toBuffer());
      const decoded = Array.from(wav.getSamples(false, Float64Array) as unknown as Float64Array);
      const back = samplesOf(await readAll(path, { frameMs: 1 }));
      expect({ depth, back }).toEqual({ depth, back: decoded.map(toInt16) });
    }
  });

  it('reads G.711 µ-law and A-law (telephony recordings) exactly as wavefile expands them', async () => {
    // Every 8-bit code, in order, then a sine encoded by wavefile.
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const [formatCode, expand] of [
      [7, 'fromMuLaw'],
      [6, 'fromALaw'],
    ] as const) {
      const all = riffWave([chunk('fmt ', fmtBody(formatCode, 1, 8000, 8)), chunk('data', codes)]);
      const reference = new WaveFile(all);
      reference[expand]();
      const expected = Array.from(reference.getSamples(false, Int16Array) as unknown as Int16Array);
      expect(expected).toHaveLength(256);
      expect(samplesOf(await readAll(all, { frameMs: 1 }))).toEqual(expected);
    }
    const sine = Array.from({ length: 800 }, (_, i) => Math.round(20000 * Math.sin(i / 5)));
    const wav = new WaveFile();
    wav.fromScratch(1, 8000, '16', sine);
    wav.toMuLaw();
    const path = dir.path('mulaw.wav');
    writeFileSync(path, wav.toBuffer());
    const frames = await readAll(path);
    expect(frames.map((f) => [f.sampleRate, f.channels, f.samplesPerChannel])).toEqual(
      Array.from({ length: 10 }, () => [8000, 1, 80]),
    );
    // µ-law keeps 4 bits of mantissa: within half a step, under 3.5% of the value, or 32 near 0.
    samplesOf(frames).forEach((x, i) => {
      const v = sine[i] as number;
      expect(Math.abs(x - v)).toBeLessThanOrEqual(Math.max(32, Math.abs(v) * 0.035));
    });
  });

  it('reads WAVE_FORMAT_EXTENSIBLE, skips metadata chunks before the audio, and honours odd chunk padding', async () => {
    const data = int16Bytes([10, -10, 20, -20]);
    const bytes = riffWave([
      chunk('fmt ', fmtBody(0xfffe, 2, 8000, 16, 1)),
      chunk('LIST', new Uint8Array(1001).fill(7)), // odd: one pad byte follows
      chunk('junk', new Uint8Array(3)),
      chunk('data', data),
      chunk('LIST', new Uint8Array(10)),
    ]);
    const frames = await readAll(bytes, { frameMs: 0.125 });
    expect(frames.map((f) => Array.from(f.data))).toEqual([
      [10, -10],
      [20, -20],
    ]);
    expect(frames[0]?.channels).toBe(2);
    const float = riffWave([
      chunk('fmt ', fmtBody(0xfffe, 1, 8000, 32, 3)),
      chunk('data', new Uint8Array(new Float32Array([0.5]).buffer)),
    ]);
    expect(samplesOf(await readAll(float, { frameMs: 0.125 }))).toEqual([16384]);
  });

  it('reads a never-finalized recording to the end: a 0xFFFFFFFF or too large data size', async () => {
    const fmt = chunk('fmt ', fmtBody(1, 1, 1000, 16));
    const unfinished = (size: number) => {
      const data = chunk('data', int16Bytes([1, 2, 3]));
      new DataView(data.buffer).setUint32(4, size, true);
      return riffWave([fmt, data, new Uint8Array([9])], 'RIFF', 0xffffffff); // + a stray byte
    };
    expect(samplesOf(await readAll(unfinished(0xffffffff), { frameMs: 1 }))).toEqual([1, 2, 3]);
    expect(samplesOf(await readAll(unfinished(1000), { frameMs: 1 }))).toEqual([1, 2, 3]);
    const path = dir.path('unfinished.wav');
    writeFileSync(path, unfinished(0xffffffff));
    expect(samplesOf(await readAll(path, { frameMs: 1 }))).toEqual([1, 2, 3]);
  });

  it('ends with a WavFormatError naming the problem for files it cannot read', async () => {
    const fmt16 = chunk('fmt ', fmtBody(1, 1, 8000, 16));
    const data = chunk('data', int16Bytes([1, 2]));
    const cases: [
      WavFormatProblem,
      Uint8Array,
      Partial<{
        formatCode: number;
        bitsPerSample: number;
        sampleRate: number;
        numChannels: number;
      }>,
    ][] = [
      ['not-riff', new TextEncoder().encode('hello, this is not audio'), {}],
      ['truncated', new TextEncoder().encode('RIF'), {}],
      ['truncated', riffWave([fmt16, data]).subarray(0, 10), {}],
      ['truncated', riffWave([fmt16, data]).subarray(0, 30), {}],
      [
        'not-wave',
        (() => {
          const b = riffWave([fmt16, data]);
          b.set(new TextEncoder().encode('AVI '), 8);
          return b;
        })(),
        {},
      ],
      ['unsupported-container', riffWave([fmt16, data], 'RIFX'), {}],
      ['unsupported-container', riffWave([fmt16, data], 'RF64'), {}],
      ['no-fmt', riffWave([data]), {}],
      ['no-fmt', riffWave([chunk('LIST', new Uint8Array(4))]), {}],
      ['no-data', riffWave([fmt16]), {}],
      ['bad-fmt', riffWave([chunk('fmt ', new Uint8Array(12)), data]), {}],
      ['bad-fmt', riffWave([chunk('fmt ', fmtBody(1, 0, 8000, 16)), data]), {}],
      [
        'unsupported-encoding',
        riffWave([chunk('fmt ', fmtBody(2, 1, 8000, 4)), data]),
        { formatCode: 2, bitsPerSample: 4 },
      ],
      [
        'unsupported-bit-depth',
        riffWave([chunk('fmt ', fmtBody(7, 1, 8000, 16)), data]),
        { formatCode: 7, bitsPerSample: 16 },
      ],
      [
        'unsupported-encoding',
        riffWave([chunk('fmt ', fmtBody(0xfffe, 1, 8000, 16, 2)), data]),
        { formatCode: 2 },
      ],
      [
        'unsupported-bit-depth',
        riffWave([chunk('fmt ', fmtBody(1, 1, 8000, 12)), data]),
        { formatCode: 1, bitsPerSample: 12 },
      ],
      [
        'unsupported-bit-depth',
        riffWave([chunk('fmt ', fmtBody(3, 1, 8000, 16)), data]),
        { formatCode: 3, bitsPerSample: 16 },
      ],
      // Formats no operator takes: refused before a frame is sized from them.
      [
        'unsupported-format',
        riffWave([chunk('fmt ', fmtBody(1, 1, 4_000_000_000, 16)), data]),
        { formatCode: 1, sampleRate: 4_000_000_000, numChannels: 1 },
      ],
      [
        'unsupported-format',
        riffWave([chunk('fmt ', fmtBody(1, 9, 48000, 16)), data]),
        { formatCode: 1, sampleRate: 48000, numChannels: 9 },
      ],
    ];
    for (const [problem, bytes, fmt] of cases) {
      const err: unknown = await readAll(bytes).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WavFormatError);
      expect((err as WavFormatError).info).toMatchObject({ source: '<buffer>', problem, ...fmt });
    }
    const path = dir.path('notes.txt');
    writeFileSync(path, 'not a wav');
    const err = await readAll(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WavFormatError);
    expect((err as WavFormatError).info).toEqual({ source: path, problem: 'not-riff', offset: 0 });
    expect((err as Error).message).toContain('not a WAV file');
  });

  it('ends with a FrameFormatError when frameMs is not a whole number of samples at the rate', async () => {
    const bytes = riffWave([
      chunk('fmt ', fmtBody(1, 1, 22050, 16)),
      chunk('data', int16Bytes([1])),
    ]);
    await expect(readAll(bytes)).rejects.toEqual(
      new FrameFormatError(
        { operator: 'readWav', frameIndex: 0, problem: 'duration', expected: 10, actual: 22050 },
        'Choose a frameMs that is a whole number of samples at the file’s rate.',
      ),
    );
  });

  it('ends with a WavFileError when the file cannot be opened', async () => {
    const path = dir.path('missing.wav');
    const err = await readAll(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WavFileError);
    expect((err as WavFileError).info).toEqual({ path, operation: 'open', code: 'ENOENT' });
  });

  it('is cold and lazy, and closes its file handle when the consumer unsubscribes', async () => {
    const path = dir.path('lazy.wav');
    await lastValueFrom(from([frameOf(ramp(48000), 48000, 1)]).pipe(writeWav(path)));
    const handles = watchHandles();
    try {
      const frames$ = readWav(path);
      expect(handles.opened()).toBe(0);
      const first = await firstValueFrom(frames$.pipe(take(3), toArray()));
      expect(first).toHaveLength(3);
      await handles.closed; // resolves only when the handle's close() has completed
      expect(handles.opened()).toBe(1);
    } finally {
      handles.restore();
    }
  });

  it('streams a 10-minute file in reads of at most 64 KiB, one at a time, without holding it', async () => {
    const path = dir.path('long.wav');
    const minute = 60 * 100; // 10 ms frames
    const frame = frameOf(ramp(480), 48000, 1);
    await lastValueFrom(
      from(Array.from({ length: 10 * minute }, () => frame)).pipe(writeWav(path)), // 57.6 MB
    );
    const handles = watchHandles();
    // Live memory, measured after a full garbage collection (frames already consumed are
    // garbage): what readWav holds, not what the collector has not reclaimed yet.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let count = 0;
    let checksum = 0;
    try {
      await new Promise<void>((resolve, reject) =>
        readWav(path).subscribe({
          next: (f) => {
            count++;
            checksum += f.data[7] as number;
            if (count % 3000 === 0) {
              gc();
              peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
            }
          },
          error: reject,
          complete: resolve,
        }),
      );
      await handles.closed;
    } finally {
      handles.restore();
    }
    expect(count).toBe(10 * minute);
    expect(checksum).toBe(10 * minute * (frame.data[7] as number));
    const dataReads = handles.reads.filter((n) => n > 40); // the header reads are 12, 8, 16, 8
    expect(Math.max(...dataReads)).toBeLessThanOrEqual(64 * 1024);
    expect(dataReads.length).toBeGreaterThan(57_600_000 / 65536);
    expect(handles.maxInFlight()).toBe(1);
    // A reader that loaded the file would hold 57.6 MB; this one holds its 64 KiB buffer and
    // the frames of one read (bound generous: other tests' garbage may share the process).
    expect(peak).toBeLessThan(4_000_000);
  });

  describe('realTime', () => {
    // 35 ms of 1 kHz mono: frames of 10 ms are 10 samples; each sample is its index.
    const bytes = riffWave([
      chunk('fmt ', fmtBody(1, 1, 1000, 16)),
      chunk('data', int16Bytes(Array.from({ length: 35 }, (_, i) => i))),
    ]);
    const first = (f: AudioFrame) => f.data[0];

    it('emits frame k at k * frameMs on the scheduler, the last shorter one included', () => {
      testScheduler().run(({ expectObservable }) => {
        const paced = readWav(bytes, { realTime: true }).pipe(map(first));
        expectObservable(paced).toBe('a 9ms b 9ms c 9ms (d|)', { a: 0, b: 10, c: 20, d: 30 });
      });
    });

    it('runs leadMs ahead: that much audio at once, then real time', () => {
      testScheduler().run(({ expectObservable }) => {
        const paced = readWav(bytes, { realTime: true, leadMs: 20 }).pipe(map(first));
        expectObservable(paced).toBe('(abc) 5ms (d|)', { a: 0, b: 10, c: 20, d: 30 });
      });
    });

    it('stops its timer when the consumer unsubscribes', () => {
      testScheduler().run(({ expectObservable }) => {
        const paced = readWav(bytes, { realTime: true }).pipe(map(first));
        expectObservable(paced, '^ 10ms !').toBe('a 9ms b', { a: 0, b: 10 });
      });
    });

    it('reads a file at most one read ahead of what it has emitted', async () => {
      const path = dir.path('paced.wav');
      const frame = frameOf(ramp(480), 48000, 1);
      await lastValueFrom(from(Array.from({ length: 300 }, () => frame)).pipe(writeWav(path)));
      const handles = watchHandles();
      const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
      const times: number[] = [];
      let done = false;
      const idle = async () => {
        do await new Promise((resolve) => setImmediate(resolve));
        while (handles.inFlight() > 0);
        await new Promise((resolve) => setImmediate(resolve));
      };
      try {
        readWav(path, { realTime: true, scheduler }).subscribe({
          next: () => times.push(scheduler.now()),
          complete: () => (done = true),
        });
        const readBytes = () => handles.reads.filter((n) => n > 40).reduce((a, b) => a + b, 0);
        for (let t = 0; !done && t <= 4000; t += 10) {
          await idle();
          scheduler.maxFrames = t;
          scheduler.flush();
          // 64 KiB reads of 960-byte frames: 68 frames each. At most one read ahead, plus the
          // frames of the read that is being emitted.
          expect(readBytes() - times.length * 960).toBeLessThanOrEqual(2 * 68 * 960);
        }
        await handles.closed;
      } finally {
        handles.restore();
      }
      expect(done).toBe(true);
      expect(times).toHaveLength(300);
      times.forEach((t, k) => expect(t).toBe(k * 10));
    });

    it('rejects a negative leadMs at once', () => {
      expect(() => readWav(bytes, { realTime: true, leadMs: -1 })).toThrow(
        new RangeError('readWav: leadMs must be 0 or more, got -1'),
      );
    });
  });
});
