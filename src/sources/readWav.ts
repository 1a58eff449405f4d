import { AudioFrame } from '@livekit/rtc-node';
import type { FileHandle } from 'node:fs/promises';
import { Observable, type Subscriber } from 'rxjs';
import { FrameFormatError } from '../errors/FrameFormatError';
import { LiveKitRxError } from '../errors/LiveKitRxError';
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
}

/** About how much a file read takes at once (rounded down to whole frames, at least one). */
const READ_BYTES = 64 * 1024;

/**
 * The audio of a WAV file as 16-bit PCM frames of `frameMs`, from a path (streamed) or from
 * bytes in memory.
 *
 * From a path, the file is **streamed**: its header is read chunk by chunk up to the `data`
 * chunk (metadata chunks are skipped, not read), then the audio in reads of about 64 KiB, so a
 * file of hours never sits in memory. Cold and lazy: each subscription opens its own file handle
 * when subscribed and closes it on complete, error and unsubscribe. From a `Buffer`/`Uint8Array`
 * the bytes are decoded in memory and emitted synchronously on subscribe.
 *
 * - **Formats:** PCM 8, 16, 24, 32-bit and IEEE float 32, 64-bit (also as
 *   `WAVE_FORMAT_EXTENSIBLE`), any rate and channel count, converted to int16: 8-bit
 *   `(u - 128) << 8`, 24/32-bit keep their top 16 bits, float `round(x * 32768)` clamped.
 *   Anything else (A-law, ADPCM, RIFX, RF64), a malformed or truncated header: a
 *   {@link WavFormatError}. A file-system failure: a {@link WavFileError}. A `frameMs` that is
 *   not a whole number of samples at the file's rate: a `FrameFormatError` (`'duration'`).
 * - **Frames:** `frameMs` each (default 10), interleaved, data at offset 0; the last shorter
 *   frame per `remainder` (default `'emit'`). A data chunk whose size is the 0xFFFFFFFF
 *   placeholder or runs past the end of the file (a recording never finalized) is read to the
 *   end of the file; a trailing partial sample is ignored.
 * - **Pacing:** none: frames come as fast as the consumer takes them (synchronously within each
 *   read). For real time, pace downstream: `captureAudio` into an `AudioSource` paces itself;
 *   `synchronizeAV` paces on a scheduler.
 *
 * ```text
 * file:            [header][ 35 ms of audio ]
 * readWav(file):   -(abcd|)                   (frameMs 10: a, b, c of 10 ms, d of 5 ms)
 * unsubscribe:     -(ab)!                      (file handle closed)
 * ```
 *
 * @example
 * ```ts
 * import { captureAudio, readWav, resample } from 'livekit-rx';
 * readWav('prompt.wav')
 *   .pipe(resample(48000), captureAudio(audioSource))
 *   .subscribe({ complete: () => console.log('played') });
 * ```
 *
 * @param input - A file path (streamed), or the bytes of a WAV file.
 * @param options - Frame duration and what to do with the last, shorter frame.
 * @returns A cold observable of the file's audio frames.
 * @throws RangeError at once if `frameMs` is not a positive number; TypeError if `input` is
 *   neither a string nor bytes.
 */
export function readWav(
  input: string | Uint8Array,
  options: ReadWavOptions = {},
): Observable<AudioFrame> {
  const frameMs = options.frameMs ?? 10;
  const remainder = options.remainder ?? 'emit';
  if (!(frameMs > 0) || !Number.isFinite(frameMs)) {
    throw new RangeError(`readWav: frameMs must be a positive number, got ${frameMs}`);
  }
  if (typeof input === 'string') return fromFile(input, frameMs, remainder);
  if (input instanceof Uint8Array) return fromBytes(input, frameMs, remainder);
  throw new TypeError(`readWav: expected a path or bytes, got ${typeof input}`);
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
 * Emits the frames in `bytes[from, to)`: whole frames, then (at the end of the audio) what is
 * left of whole sample frames, per `remainder`.
 */
function emitFrames(
  subscriber: Subscriber<AudioFrame>,
  bytes: Uint8Array,
  from: number,
  to: number,
  last: boolean,
  layout: WavLayout,
  samples: number,
  remainder: RechunkRemainder,
): void {
  const { blockAlign, numChannels, sampleRate } = layout;
  const frameBytes = samples * blockAlign;
  let p = from;
  for (; p + frameBytes <= to && !subscriber.closed; p += frameBytes) {
    const data = new Int16Array(samples * numChannels);
    decodeWavSamples(bytes, p, data, 0, samples * numChannels, layout);
    subscriber.next(new AudioFrame(data, sampleRate, numChannels, samples));
  }
  const left = Math.floor((to - p) / blockAlign);
  if (last && left > 0 && remainder !== 'drop' && !subscriber.closed) {
    const length = remainder === 'pad' ? samples : left;
    const data = new Int16Array(length * numChannels);
    decodeWavSamples(bytes, p, data, 0, left * numChannels, layout);
    subscriber.next(new AudioFrame(data, sampleRate, numChannels, length));
  }
}

function fromBytes(
  bytes: Uint8Array,
  frameMs: number,
  remainder: RechunkRemainder,
): Observable<AudioFrame> {
  return new Observable<AudioFrame>((subscriber) => {
    try {
      const walk = walkWav('<buffer>');
      let step = walk.next();
      while (!step.done) {
        const { position, length } = step.value;
        step = walk.next(bytes.subarray(position, position + length));
      }
      const layout = step.value;
      const samples = frameSamples(layout, frameMs);
      const end = dataEnd(layout, bytes.length);
      emitFrames(subscriber, bytes, layout.dataOffset, end, true, layout, samples, remainder);
      subscriber.complete();
    } catch (err) {
      subscriber.error(err);
    }
  });
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

function fromFile(
  path: string,
  frameMs: number,
  remainder: RechunkRemainder,
): Observable<AudioFrame> {
  return new Observable<AudioFrame>((subscriber) => {
    let handle: FileHandle | undefined;
    let closed = false;
    let stopped = false;
    let operation: 'open' | 'read' | 'close' = 'open';
    const close = async (): Promise<void> => {
      if (handle === undefined || closed) return;
      closed = true;
      operation = 'close';
      await handle.close();
    };

    const run = async (): Promise<void> => {
      handle = await wavFileSystem.open(path);
      if (stopped) return;
      operation = 'read';
      const { size } = await handle.stat();
      const walk = walkWav(path);
      let step = walk.next();
      while (!step.done) {
        const { position, length } = step.value;
        const buffer = new Uint8Array(length);
        const got = await readInto(handle, buffer, length, position);
        if (stopped) return;
        step = walk.next(buffer.subarray(0, got));
      }
      const layout = step.value;
      const samples = frameSamples(layout, frameMs);
      const frameBytes = samples * layout.blockAlign;
      const chunk = Math.max(1, Math.floor(READ_BYTES / frameBytes)) * frameBytes;
      const buffer = new Uint8Array(chunk); // one buffer, reused: frames get their own copies
      const end = dataEnd(layout, size);
      for (let position = layout.dataOffset; position < end;) {
        const want = Math.min(chunk, end - position);
        const got = await readInto(handle, buffer, want, position);
        if (stopped) return;
        const last = got < want || position + got >= end;
        emitFrames(subscriber, buffer, 0, got, last, layout, samples, remainder);
        if (last || subscriber.closed) return;
        position += got;
      }
    };

    const settle = (err?: unknown): void => {
      const report = (e: unknown): void => {
        if (stopped) return;
        subscriber.error(
          e instanceof LiveKitRxError
            ? e
            : new WavFileError({ path, operation, code: (e as { code?: string }).code }, e),
        );
      };
      close().then(
        () => (err === undefined ? !stopped && subscriber.complete() : report(err)),
        (closeErr: unknown) => report(err ?? closeErr),
      );
    };
    run().then(
      () => settle(),
      (err: unknown) => settle(err ?? new Error('read failed')),
    );
    return () => {
      stopped = true;
      void close().catch(() => undefined);
    };
  });
}
