import { AudioFrame } from '@livekit/rtc-node';
import type { FileHandle } from 'node:fs/promises';
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { FrameFormatError } from '../errors/FrameFormatError';
import { WavFileError } from '../errors/WavFileError';
import { samplesPerChannelFor } from '../frames/samplesPerChannelFor';
import { decodeWavSamples } from '../internal/decodeWavSamples';
import { walkWav, type WavLayout } from '../internal/walkWav';
import { wavFileSystem } from '../internal/wavFileSystem';
import type { RechunkRemainder } from '../operators/rechunk';

/** Options of {@link readWav}. */
export interface ReadWavOptions {
  /** The duration of each frame in ms (default 10); a whole number of samples at the file's rate. */
  readonly frameMs?: number;
  /**
   * The last, shorter frame: emitted as it is (`'emit'`, default: every sample of the file and
   * nothing else), zero-padded to `frameMs` (`'pad'`), or dropped (`'drop'`).
   */
  readonly remainder?: RechunkRemainder;
  /**
   * Emit in real time on `scheduler`: frame `k` at `k * frameMs - leadMs` after the header was
   * read, reading at most one read (about 64 KiB) ahead (default false: as fast as the consumer
   * takes them).
   */
  readonly realTime?: boolean;
  /** With `realTime`: how far ahead of real time to run, in ms (default 0), e.g. to prefill a sink. */
  readonly leadMs?: number;
  /** With `realTime`: the scheduler that paces the frames (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/** About how much a file read takes at once (rounded down to whole frames, at least one). */
const READ_BYTES = 64 * 1024;

/** Where the frames come from: one read's worth at a time, null at the end. */
interface FrameReader {
  next(): AudioFrame[] | null | Promise<AudioFrame[] | null>;
  close(): Promise<void> | void;
}

/**
 * The audio of a WAV file as 16-bit PCM frames of `frameMs`, from a path (streamed) or from
 * bytes in memory; as fast as the consumer takes them, or in real time.
 *
 * From a path, the file is **streamed**: its header is read chunk by chunk up to the `data`
 * chunk (metadata chunks are skipped, not read), then the audio in reads of about 64 KiB, so a
 * file of hours never sits in memory. Cold and lazy: each subscription opens its own file handle
 * when subscribed and closes it on complete, error and unsubscribe. From a `Buffer`/`Uint8Array`
 * the bytes are decoded as they are emitted (synchronously on subscribe, unless `realTime`).
 *
 * - **Formats:** PCM 8, 16, 24, 32-bit, IEEE float 32, 64-bit and G.711 A-law/µ-law (telephony
 *   recordings; also as `WAVE_FORMAT_EXTENSIBLE`), any rate and channel count, converted to
 *   int16: 8-bit `(u - 128) << 8`, 24/32-bit keep their top 16 bits, float `round(x * 32768)`
 *   clamped, G.711 by the ITU-T expansion.
 *   Anything else (ADPCM, RIFX, RF64), a malformed or truncated header: a
 *   {@link WavFormatError}. A file-system failure: a {@link WavFileError}. A `frameMs` that is
 *   not a whole number of samples at the file's rate: a `FrameFormatError` (`'duration'`).
 * - **Frames:** `frameMs` each (default 10), interleaved, data at offset 0; the last shorter
 *   frame per `remainder` (default `'emit'`). A data chunk whose size is the 0xFFFFFFFF
 *   placeholder or runs past the end of the file (a recording never finalized) is read to the
 *   end of the file; a trailing partial sample is ignored.
 * - **Pacing:** by default none: frames come as fast as the consumer takes them (synchronously
 *   within each read). RxJS has no backpressure, so a sink that queues (`captureAudio`,
 *   `synchronizeAV`) would fill up with a long file: give it `realTime: true` instead, which
 *   emits frame `k` at `k * frameMs - leadMs` on the scheduler and reads at most one read ahead
 *   (bounded memory for any length; a late read delays only the frames it holds).
 *
 * ```text
 * file:                                 [header][ 35 ms of audio ]
 * readWav(file, { frameMs: 10 }):       (abcd|)            (a, b, c of 10 ms, d of 5 ms)
 * readWav(file, { ..., realTime }):     a 9ms b 9ms c 9ms (d|)
 * unsubscribe:                          a 9ms b !           (file handle closed)
 * ```
 *
 * @example
 * ```ts
 * import { captureAudio, readWav, resample } from 'livekit-rx';
 * readWav('prompt.wav', { realTime: true, leadMs: 100 })
 *   .pipe(resample(48000), captureAudio(audioSource))
 *   .subscribe({ complete: () => console.log('played') });
 * ```
 *
 * @param input - A file path (streamed), or the bytes of a WAV file.
 * @param options - Frame duration, the last shorter frame, real-time pacing.
 * @returns A cold observable of the file's audio frames.
 * @throws RangeError at once if `frameMs` is not a positive number or `leadMs` is negative;
 *   TypeError if `input` is neither a string nor bytes.
 */
export function readWav(
  input: string | Uint8Array,
  options: ReadWavOptions = {},
): Observable<AudioFrame> {
  const frameMs = options.frameMs ?? 10;
  const remainder = options.remainder ?? 'emit';
  const leadMs = options.leadMs ?? 0;
  const scheduler = options.scheduler ?? asyncScheduler;
  if (!(frameMs > 0) || !Number.isFinite(frameMs)) {
    throw new RangeError(`readWav: frameMs must be a positive number, got ${frameMs}`);
  }
  if (!(leadMs >= 0) || !Number.isFinite(leadMs)) {
    throw new RangeError(`readWav: leadMs must be 0 or more, got ${leadMs}`);
  }
  const open =
    typeof input === 'string'
      ? () => openFile(input, frameMs, remainder)
      : input instanceof Uint8Array
        ? () => openBytes(input, frameMs, remainder)
        : undefined;
  if (open === undefined) {
    throw new TypeError(`readWav: expected a path or bytes, got ${typeof input}`);
  }

  return new Observable<AudioFrame>((subscriber) => {
    let reader: FrameReader | undefined;
    let stopped = false; // unsubscribed, or ended
    let closed: Promise<void> | undefined;
    // Closes the reader once it exists (a file may still be opening at unsubscribe: `begin`
    // closes it then).
    const close = (): Promise<void> => {
      if (reader === undefined) return Promise.resolve();
      const opened = reader;
      return (closed ??= Promise.resolve()
        .then(() => opened.close())
        .catch((err: unknown) => {
          throw fileError(typeof input === 'string' ? input : '<buffer>', 'close', err);
        }));
    };
    /** Closes the reader, then completes (no `err`) or errors, unless unsubscribed meanwhile. */
    const end = (err?: unknown): void => {
      if (stopped) return;
      stopped = true;
      const settle = (e?: unknown) =>
        e === undefined ? subscriber.complete() : subscriber.error(e);
      if (reader === undefined || typeof input !== 'string') {
        // Nothing to wait for (bytes, or a file that never opened): the end comes at once.
        settle(err);
        return;
      }
      close().then(
        () => settle(err),
        (closeErr: unknown) => settle(err ?? closeErr),
      );
    };
    let reading = false; // an asynchronous read is under way
    /**
     * Starts the next read. Returns its frames (null at the end of the audio) if it completed at
     * once; else undefined, and `later` gets them once the read resolves, unless the subscription
     * has stopped by then. A failed read, at once or later, ends the stream with its error.
     */
    const nextChunk = (
      later: (frames: AudioFrame[] | null) => void,
    ): AudioFrame[] | null | undefined => {
      let chunk: ReturnType<FrameReader['next']>;
      try {
        chunk = (reader as FrameReader).next();
      } catch (err) {
        end(err);
        return undefined;
      }
      if (!(chunk instanceof Promise)) return chunk;
      reading = true;
      chunk.then((frames) => {
        reading = false;
        if (!stopped) later(frames);
      }, end);
      return undefined;
    };

    // As fast as the consumer takes them: synchronously while reads are (bytes), else a read
    // at a time.
    /** Emits one read's frames, or ends at the end of the audio; true to read on. */
    const deliver = (frames: AudioFrame[] | null): boolean => {
      if (frames === null) {
        end();
        return false;
      }
      for (const frame of frames) {
        if (subscriber.closed) return false;
        subscriber.next(frame);
      }
      return !subscriber.closed;
    };
    const delivered = (frames: AudioFrame[] | null): void => {
      if (deliver(frames)) drain();
    };
    const drain = (): void => {
      for (;;) {
        const frames = nextChunk(delivered);
        if (frames === undefined || !deliver(frames)) return;
      }
    };

    // Real time: frame k at start + k * frameMs - leadMs, one read ahead.
    let start = 0;
    let emitted = 0;
    let queue: AudioFrame[] = [];
    let head = 0;
    let readAhead = 1; // refill when fewer frames than one read's worth wait
    let ended = false;
    let timer: Subscription | undefined;
    const fetched = (frames: AudioFrame[] | null): void => {
      take(frames);
      tick();
    };
    const fetch = (): void => {
      const frames = nextChunk(fetched);
      if (frames !== undefined) take(frames);
    };
    const take = (frames: AudioFrame[] | null): void => {
      if (frames === null) {
        ended = true;
        return;
      }
      queue = queue.slice(head).concat(frames);
      head = 0;
      readAhead = Math.max(readAhead, frames.length);
    };
    const tick = (): void => {
      const done = timer;
      timer = undefined;
      done?.unsubscribe();
      for (;;) {
        const now = scheduler.now();
        while (head < queue.length && start + emitted * frameMs - leadMs <= now) {
          const frame = queue[head] as AudioFrame;
          queue[head++] = undefined as unknown as AudioFrame;
          emitted++;
          subscriber.next(frame);
          if (subscriber.closed) return;
        }
        if (queue.length - head >= readAhead || ended || reading) break;
        fetch();
        if (stopped) return;
      }
      if (head < queue.length) {
        const wait = start + emitted * frameMs - leadMs - scheduler.now();
        subscriber.add((timer = scheduler.schedule(tick, Math.max(0, wait))));
      } else if (ended) end();
      // else: a read is under way; its completion ticks again.
    };

    const begin = (opened: FrameReader): void => {
      reader = opened;
      if (stopped) {
        void close().catch(() => undefined);
        return;
      }
      if (options.realTime) {
        start = scheduler.now();
        tick();
      } else drain();
    };
    try {
      const opened = open();
      if (opened instanceof Promise) opened.then(begin, end);
      else begin(opened);
    } catch (err) {
      end(err);
    }
    return () => {
      stopped = true;
      void close().catch(() => undefined);
    };
  });
}

function fileError(path: string, operation: 'open' | 'read' | 'close', err: unknown): WavFileError {
  return new WavFileError({ path, operation, code: (err as { code?: string }).code }, err);
}

/** Samples per channel of each frame, or the error for a duration that is not whole samples. */
function frameSamples(layout: WavLayout, frameMs: number): number {
  const samples = samplesPerChannelFor(layout.sampleRate, frameMs);
  if (samples === undefined) {
    throw new FrameFormatError(
      {
        operator: 'readWav',
        frameIndex: 0,
        problem: 'duration',
        expected: frameMs,
        actual: layout.sampleRate,
      },
      'Choose a frameMs that is a whole number of samples at the file’s rate.',
    );
  }
  return samples;
}

/** Where the audio ends: the declared size, or the end of the file when it is unknown or cut. */
function dataEnd(layout: WavLayout, size: number): number {
  const declared = layout.dataBytes === undefined ? size : layout.dataOffset + layout.dataBytes;
  return Math.max(layout.dataOffset, Math.min(declared, size));
}

/**
 * Decodes `bytes[from, to)` into frames: whole frames, then (at the end of the audio, `last`)
 * what is left of whole sample frames, per `remainder`.
 */
function decodeFrames(
  bytes: Uint8Array,
  from: number,
  to: number,
  last: boolean,
  layout: WavLayout,
  samples: number,
  remainder: RechunkRemainder,
): AudioFrame[] {
  const { blockAlign, numChannels, sampleRate } = layout;
  const frameBytes = samples * blockAlign;
  const frames: AudioFrame[] = [];
  let p = from;
  for (; p + frameBytes <= to; p += frameBytes) {
    const data = new Int16Array(samples * numChannels);
    decodeWavSamples(bytes, p, data, 0, samples * numChannels, layout);
    frames.push(new AudioFrame(data, sampleRate, numChannels, samples));
  }
  const left = Math.floor((to - p) / blockAlign);
  if (last && left > 0 && remainder !== 'drop') {
    const length = remainder === 'pad' ? samples : left;
    const data = new Int16Array(length * numChannels);
    decodeWavSamples(bytes, p, data, 0, left * numChannels, layout);
    frames.push(new AudioFrame(data, sampleRate, numChannels, length));
  }
  return frames;
}

/** The bytes of one read: about 64 KiB, whole frames, at least one frame. */
const readSize = (frameBytes: number): number =>
  Math.max(1, Math.floor(READ_BYTES / frameBytes)) * frameBytes;

/** Frames from bytes in memory, decoded one read's worth at a time, synchronously. */
function openBytes(bytes: Uint8Array, frameMs: number, remainder: RechunkRemainder): FrameReader {
  const walk = walkWav('<buffer>');
  let step = walk.next();
  while (!step.done) {
    const { position, length } = step.value;
    step = walk.next(bytes.subarray(position, position + length));
  }
  const layout = step.value;
  const samples = frameSamples(layout, frameMs);
  const chunk = readSize(samples * layout.blockAlign);
  const end = dataEnd(layout, bytes.length);
  let position = layout.dataOffset;
  return {
    next: () => {
      if (position >= end) return null;
      const to = Math.min(position + chunk, end);
      const frames = decodeFrames(bytes, position, to, to === end, layout, samples, remainder);
      position = to;
      return frames;
    },
    close: () => undefined,
  };
}

/** Reads `length` bytes at `position` into `buffer` (fewer at the end of the file). */
async function readInto(
  handle: FileHandle,
  buffer: Uint8Array,
  length: number,
  position: number,
): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** Frames from a file: the header walked with small reads, then the audio one read at a time. */
async function openFile(
  path: string,
  frameMs: number,
  remainder: RechunkRemainder,
): Promise<FrameReader> {
  let handle: FileHandle;
  try {
    handle = await wavFileSystem.open(path);
  } catch (err) {
    throw fileError(path, 'open', err);
  }
  const read = async (buffer: Uint8Array, length: number, position: number): Promise<number> => {
    try {
      return await readInto(handle, buffer, length, position);
    } catch (err) {
      throw fileError(path, 'read', err);
    }
  };
  try {
    let size: number;
    try {
      size = (await handle.stat()).size;
    } catch (err) {
      throw fileError(path, 'read', err);
    }
    const walk = walkWav(path);
    let step = walk.next();
    while (!step.done) {
      const { position, length } = step.value;
      const buffer = new Uint8Array(length);
      const got = await read(buffer, length, position);
      step = walk.next(buffer.subarray(0, got));
    }
    const layout = step.value;
    const samples = frameSamples(layout, frameMs);
    const chunk = readSize(samples * layout.blockAlign);
    const buffer = new Uint8Array(chunk); // one buffer, reused: frames get their own copies
    const end = dataEnd(layout, size);
    let position = layout.dataOffset;
    return {
      next: async () => {
        if (position >= end) return null;
        const want = Math.min(chunk, end - position);
        const got = await read(buffer, want, position);
        const last = got < want || position + got >= end;
        position = last ? end : position + got;
        return decodeFrames(buffer, 0, got, last, layout, samples, remainder);
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}
