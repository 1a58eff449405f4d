import type { AudioFrame } from '@livekit/rtc-node';
import { closeSync, openSync, writeSync } from 'node:fs';
import { Observable, type OperatorFunction } from 'rxjs';
import { WavFileError } from '../errors/WavFileError';
import { WavFormatError } from '../errors/WavFormatError';
import { checkFormatOption } from '../internal/checkFormatOption';
import { checkFrame, type AudioFormat } from '../internal/checkFrame';
import { littleEndianHost } from '../internal/littleEndianHost';
import { wavHeader } from '../internal/wavHeader';
import { wavWriteLimit } from '../internal/wavWriteLimit';

/** Options of {@link writeWav}. */
export interface WriteWavOptions {
  /** The file's rate; every frame must have it (default: the first frame's). */
  readonly sampleRate?: number;
  /** The file's channel count (default: the first frame's, or 1 when `sampleRate` is given). */
  readonly numChannels?: number;
}

/** What {@link writeWav} wrote: emitted once, when the input completes. */
export interface WavSummary {
  /** The file written. */
  readonly path: string;
  /** Frames written. */
  readonly frames: number;
  /** Samples per channel written (sample frames). */
  readonly samplesPerChannel: number;
  /** The audio's duration in ms. */
  readonly durationMs: number;
  readonly sampleRate: number;
  readonly numChannels: number;
  /** The file's size in bytes (44 bytes of header, then the audio). */
  readonly bytes: number;
}

/** Audio is gathered into blocks of this many bytes, one write each. */
const BLOCK_BYTES = 64 * 1024;

/**
 * Writes audio frames to a 16-bit PCM WAV file as they come, and emits a {@link WavSummary} when
 * the input completes: the sink for recordings, of any length.
 *
 * The file is created (truncated) on subscribe. Its header is written as soon as the format is
 * known (configured, or the first frame's), with the 0xFFFFFFFF "size unknown" placeholder in
 * its sizes; audio follows in blocks of 64 KiB; on complete, error or unsubscribe the last block
 * is written, the sizes are patched and the file is closed, so **what was written is always a
 * valid WAV file**, also after an upstream error or an unsubscribe (and after a crash the
 * placeholder tells readers, `readWav` included, to read to the end). To a pipe the sizes stay
 * placeholders. A stream that ends before any frame, with no configured format, leaves an
 * empty 48 kHz mono WAV file.
 *
 * The file-system calls are **synchronous** (one per 64 KiB block, about 0.7 s of 48 kHz mono):
 * memory stays bounded with no queue and no overflow policy, the producer is slowed to the
 * disk's pace, and the file is complete and closed the moment the stream ends or is
 * unsubscribed; a slow disk blocks the event loop for a block's write.
 *
 * Every frame must have the file's rate and channel count, else a `FrameFormatError` (operator
 * `'writeWav'`) ends the stream (the file keeps the frames before it). A file-system failure
 * (the folder does not exist, the disk is full) is a {@link WavFileError}; more than 4 GiB of
 * audio (about 12 h of 48 kHz mono, 6 h of stereo) a {@link WavFormatError} `'too-large'`.
 *
 * ```text
 * frames:           -a-b-c-|
 * writeWav(path):   -------(s|)    (s = { path, frames: 3, samplesPerChannel, durationMs, ... })
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, writeWav } from 'livekit-rx';
 * import { lastValueFrom, takeUntil, timer } from 'rxjs';
 * const summary = await lastValueFrom(
 *   audioFrames(track).pipe(takeUntil(timer(60_000)), writeWav('call.wav')),
 * );
 * console.log(`${summary.durationMs} ms in ${summary.path}`);
 * ```
 *
 * @param path - The file to create (or overwrite).
 * @param options - The format, when known before the first frame.
 * @returns An operator from frames to one {@link WavSummary}, emitted on complete.
 * @throws RangeError at once if `sampleRate` is not a whole number of Hz from 1 to 384000 or
 *   `numChannels` is not 1 to 8.
 */
export function writeWav(
  path: string,
  options: WriteWavOptions = {},
): OperatorFunction<AudioFrame, WavSummary> {
  checkFormatOption('writeWav', 'sampleRate', 'sampleRate', options.sampleRate);
  checkFormatOption('writeWav', 'numChannels', 'numChannels', options.numChannels);
  const configured: AudioFormat | undefined =
    options.sampleRate === undefined
      ? undefined
      : { sampleRate: options.sampleRate, numChannels: options.numChannels ?? 1 };

  return (frames) =>
    new Observable<WavSummary>((subscriber) => {
      let fd: number;
      try {
        fd = openSync(path, 'w');
      } catch (err) {
        subscriber.error(fileError('open', err));
        return;
      }
      let format = configured;
      let headerWritten = false;
      let finished = false;
      const block = new Uint8Array(BLOCK_BYTES);
      let used = 0;
      let dataBytes = 0;
      let count = 0;
      let samples = 0;

      function fileError(operation: 'open' | 'write' | 'close', err: unknown): WavFileError {
        return new WavFileError({ path, operation, code: (err as { code?: string }).code }, err);
      }
      const write = (bytes: Uint8Array, position: number | null = null): void => {
        for (let done = 0; done < bytes.length;) {
          const at = position === null ? null : position + done;
          done += writeSync(fd, bytes, done, bytes.length - done, at);
        }
      };
      const writeHeader = (f: AudioFormat): void => {
        write(wavHeader(f.sampleRate, f.numChannels, undefined));
        headerWritten = true;
      };
      const flush = (): void => {
        if (used > 0) write(block.subarray(0, used));
        used = 0;
      };
      const append = (data: Int16Array): void => {
        const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        if (used + bytes.length > BLOCK_BYTES) flush();
        if (bytes.length > BLOCK_BYTES) {
          if (littleEndianHost) write(bytes);
          else
            for (let i = 0; i < data.length; i += BLOCK_BYTES / 2)
              append(data.subarray(i, i + BLOCK_BYTES / 2));
          return;
        }
        if (littleEndianHost) block.set(bytes, used);
        else {
          const view = new DataView(block.buffer, used, bytes.length);
          for (let i = 0; i < data.length; i++) view.setInt16(i * 2, data[i] as number, true);
        }
        used += bytes.length;
      };
      /** Writes what is left, patches the sizes and closes the file; the error, if that fails. */
      const finish = (): WavFileError | undefined => {
        if (finished) return undefined;
        finished = true;
        let failure: WavFileError | undefined;
        try {
          if (!headerWritten) writeHeader(format ?? { sampleRate: 48000, numChannels: 1 });
          flush();
          const sizes = new DataView(new ArrayBuffer(4));
          sizes.setUint32(0, 36 + dataBytes, true);
          try {
            write(new Uint8Array(sizes.buffer), 4);
            sizes.setUint32(0, dataBytes, true);
            write(new Uint8Array(sizes.buffer), 40);
          } catch (err) {
            // A pipe cannot seek: its sizes stay the "unknown" placeholder.
            if ((err as { code?: string }).code !== 'ESPIPE') throw err;
          }
        } catch (err) {
          failure = fileError('write', err);
        }
        try {
          closeSync(fd);
        } catch (err) {
          failure ??= fileError('close', err);
        }
        return failure;
      };
      const fail = (err: unknown): void => {
        finish();
        subscriber.error(err);
      };
      if (format !== undefined) {
        try {
          writeHeader(format);
        } catch (err) {
          fail(fileError('write', err));
          return;
        }
      }

      subscriber.add(
        frames.subscribe({
          next(frame) {
            const problem = checkFrame(
              'writeWav',
              count,
              frame,
              format,
              `The file is ${format?.sampleRate} Hz with ${format?.numChannels} channel(s): ` +
                `resample or remix the frames first, or write another file.`,
            );
            if (problem) return fail(problem);
            if (dataBytes + frame.data.byteLength > wavWriteLimit.maxDataBytes) {
              return fail(
                new WavFormatError({ source: path, problem: 'too-large', offset: 44 + dataBytes }),
              );
            }
            try {
              if (format === undefined) {
                format = { sampleRate: frame.sampleRate, numChannels: frame.channels };
              }
              if (!headerWritten) writeHeader(format);
              append(frame.data);
            } catch (err) {
              return fail(fileError('write', err));
            }
            dataBytes += frame.data.byteLength;
            count++;
            samples += frame.samplesPerChannel;
          },
          error: fail,
          complete() {
            const failure = finish();
            if (failure) return subscriber.error(failure);
            const { sampleRate, numChannels } = format ?? { sampleRate: 48000, numChannels: 1 };
            subscriber.next({
              path,
              frames: count,
              samplesPerChannel: samples,
              durationMs: (samples / sampleRate) * 1000,
              sampleRate,
              numChannels,
              bytes: 44 + dataBytes,
            });
            subscriber.complete();
          },
        }),
      );
      return () => {
        finish();
      };
    });
}
