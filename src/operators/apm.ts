import { AudioFrame } from '@livekit/rtc-node';
import { isObservable, Observable, type OperatorFunction } from 'rxjs';
import { ApmError, type ApmErrorInfo } from '../errors/ApmError';
import type { FrameFormatError } from '../errors/FrameFormatError';
import { PcmChunker } from '../frames/PcmChunker';
import type { RechunkRemainder } from './rechunk';
import { checkFrame, type AudioFormat } from '../internal/checkFrame';
import { apmFrameLength } from '../native/apmFrameLength';
import type { ApmProcessor, ApmSettings } from '../native/ApmProcessor';
import { apmProcessorFactory } from '../native/apmProcessorFactory';
import { isApmStreamDelay } from '../native/isApmStreamDelay';

/** Options of {@link apm}. Every stage is off unless enabled. */
export interface ApmOptions {
  /**
   * Cancel the echo of `reverse$` (the far end: what is played out or published) in the input
   * (WebRTC AEC3). Requires `reverse$`.
   */
  readonly echoCancellation?: boolean;
  /** Suppress stationary background noise (fans, hiss, hum above the high-pass band). */
  readonly noiseSuppression?: boolean;
  /** Adapt the level of speech towards a constant loudness (WebRTC AGC2, adaptive digital). */
  readonly autoGainControl?: boolean;
  /** Remove low-frequency rumble and mains hum (a high-pass filter). */
  readonly highPassFilter?: boolean;
  /**
   * The delay between a far-end frame on `reverse$` and its echo in the input, in whole ms from
   * 0 to 500: a number, or an Observable whose every value applies from then on. A hint: AEC3
   * estimates the delay by itself.
   */
  readonly streamDelayMs?: number | Observable<number>;
  /**
   * The far-end (playback) audio whose echo is cancelled: for an agent, the frames it publishes.
   * Any frame size; regrouped into 10 ms frames and fed to the echo canceller as they arrive, so
   * a far-end frame must arrive before the input frame that holds its echo, and at most about
   * 500 ms before it (measured: no cancellation from 600 ms on). Its own format (fixed by its
   * first frame) may differ from the input's. Subscribed with the operator: make it hot
   * (`share()`). Requires `echoCancellation`.
   */
  readonly reverse$?: Observable<AudioFrame>;
  /**
   * The input's last partial 10 ms on complete: `'pad'` (default) processes it zero-padded and
   * emits the whole 10 ms frame; `'emit'` processes it the same way but emits only its own
   * samples (the output then has exactly the input's duration, its last frame shorter than
   * 10 ms); `'drop'` discards it.
   */
  readonly remainder?: RechunkRemainder;
}

/** The stream an input regroups into 10 ms frames, or why it cannot. */
type Regrouped = Int16Array[] | ApmError | FrameFormatError;

/**
 * Regroups one input into exact 10 ms frames with a {@link PcmChunker}: the first frame fixes the
 * format (one the APM takes), every later frame must keep it.
 */
function tenMsFrames(input: 'near' | 'reverse') {
  let format: AudioFormat | undefined;
  let chunker: PcmChunker | undefined;
  let index = 0;
  const operator = input === 'near' ? 'apm' : 'apm reverse$';
  const hint = `${operator} needs one format per stream: resample or remix before apm.`;
  return {
    get format() {
      return format;
    },
    get index() {
      return index;
    },
    push(frame: AudioFrame): Regrouped {
      const frameIndex = index++;
      const problem = checkFrame(operator, frameIndex, frame, format, hint);
      if (problem) return problem;
      if (chunker === undefined) {
        const length = apmFrameLength(frame.sampleRate, frame.channels);
        if (length === undefined) {
          return new ApmError({
            reason: 'unsupported-format',
            input,
            index: frameIndex,
            sampleRate: frame.sampleRate,
            numChannels: frame.channels,
            delayMs: undefined,
          });
        }
        format = { sampleRate: frame.sampleRate, numChannels: frame.channels };
        chunker = new PcmChunker(length);
      }
      return chunker.push(frame.data);
    },
    /** Samples held back (all channels), waiting for the rest of their 10 ms. */
    get pending(): number {
      return chunker?.pending ?? 0;
    },
    /** The held-back samples zero-padded to a full 10 ms frame, if any. */
    flush: (): Int16Array | undefined => chunker?.flush(true),
  };
}

/**
 * Runs audio through WebRTC's audio processing module (APM): echo cancellation against a far-end
 * stream, noise suppression, automatic gain control and a high-pass filter, on the native side of
 * rtc-node. **Emits exact 10 ms frames** in the input's format.
 *
 * The APM processes 10 ms at a time, and a buffer of any other size aborts the whole process on
 * the native side, so `apm` regroups the input (any frame size: 7 ms, 33 ms, 441 samples at
 * 44.1 kHz) into 10 ms frames itself, and checks every buffer once more before it crosses the FFI.
 * On complete, the last partial frame is **zero-padded to 10 ms**, processed and emitted (no
 * input audio is dropped; at most 10 ms of silence is added), or, with `remainder`, emitted at
 * its own length (`'emit'`: output duration = input duration) or dropped (`'drop'`). Formats: 8 to 384 kHz with a whole
 * number of samples in 10 ms (22.05 kHz is not: resample first), 1 to 8 channels; the first frame
 * fixes the format. Output frames are new arrays at offset 0: the input frames are never changed.
 *
 * Each subscription creates its own native module and frees it on complete, error or
 * unsubscribe. `streamDelayMs` (an Observable) and `reverse$` are subscribed before the input and
 * unsubscribed with it; their errors end the stream, their completion does not (`reverse$`'s
 * partial last frame is padded and processed too). Unsupported formats, native failures and
 * refused delays are an {@link ApmError}; a format change mid-stream is a
 * {@link FrameFormatError}.
 *
 * ```text
 * input (ms):            --15------15-------5--|
 * reverse$ (ms):         -10---10----10--10------
 * apm({ echoCancellation: true, reverse$ }):
 *                        --x-------(yz)--------(w|)   (10 ms frames; w = the 5 ms tail, padded)
 * ```
 *
 * @example
 * ```ts
 * import { AudioSource } from '@livekit/rtc-node';
 * import { apm, audioFrames, captureAudio, type CapturedEvent } from 'livekit-rx';
 * import { filter, map, share } from 'rxjs';
 * // An agent: reverse$ is what it publishes, each frame as its AudioSource accepts it (give the
 * // source a short queue: AEC3 cancels echoes up to about 500 ms after the far-end frame).
 * const published$ = tts$.pipe(
 *   captureAudio(new AudioSource(48000, 1, 100)),
 *   filter((e): e is CapturedEvent => e.type === 'captured'),
 *   map((e) => e.frame),
 *   share(),
 * );
 * published$.subscribe();
 * audioFrames(callerTrack)
 *   .pipe(apm({ echoCancellation: true, noiseSuppression: true, reverse$: published$ }))
 *   .subscribe((frame) => stt.push(frame.data)); // 480 samples every 10 ms
 * ```
 *
 * @param options - Which stages run, the far-end stream and the stream delay.
 * @returns An operator from frames of any size to processed frames of exactly 10 ms.
 * @throws TypeError at once if `echoCancellation` is on without `reverse$` or off with it, or
 *   `reverse$`/`streamDelayMs` is not an Observable (or a number); RangeError at once if a
 *   numeric `streamDelayMs` is not 0 to 500 whole ms.
 */
export function apm(options: ApmOptions = {}): OperatorFunction<AudioFrame, AudioFrame> {
  const settings: ApmSettings = {
    echoCancellation: options.echoCancellation ?? false,
    noiseSuppression: options.noiseSuppression ?? false,
    autoGainControl: options.autoGainControl ?? false,
    highPassFilter: options.highPassFilter ?? false,
  };
  const { reverse$, streamDelayMs } = options;
  const remainder = options.remainder ?? 'pad';
  if (remainder !== 'pad' && remainder !== 'emit' && remainder !== 'drop') {
    throw new TypeError(`apm: remainder must be 'pad', 'emit' or 'drop', got ${String(remainder)}`);
  }
  if (reverse$ !== undefined && !isObservable(reverse$)) {
    throw new TypeError('apm: reverse$ must be an Observable of AudioFrames');
  }
  if (settings.echoCancellation !== (reverse$ !== undefined)) {
    throw new TypeError(
      settings.echoCancellation
        ? 'apm: echoCancellation needs reverse$, the far-end audio whose echo it cancels'
        : 'apm: reverse$ is only used by echo cancellation: set echoCancellation: true',
    );
  }
  if (typeof streamDelayMs === 'number') {
    if (!isApmStreamDelay(streamDelayMs)) {
      throw new RangeError(
        `apm: streamDelayMs must be 0 to 500 whole ms, got ${String(streamDelayMs)}`,
      );
    }
  } else if (streamDelayMs !== undefined && !isObservable(streamDelayMs)) {
    throw new TypeError('apm: streamDelayMs must be a number or an Observable of numbers');
  }

  return (source) =>
    new Observable<AudioFrame>((subscriber) => {
      type Detail = Pick<ApmErrorInfo, 'reason' | 'input' | 'index'> & Partial<ApmErrorInfo>;
      const fail = (detail: Detail, cause?: unknown): void => {
        const none = { sampleRate: undefined, numChannels: undefined, delayMs: undefined };
        subscriber.error(new ApmError({ ...none, ...detail }, cause));
      };
      let processor: ApmProcessor;
      try {
        processor = apmProcessorFactory.create(settings);
      } catch (cause) {
        return fail({ reason: 'create', input: undefined, index: -1 }, cause);
      }
      subscriber.add(() => processor.close());

      let delayIndex = 0;
      const setDelay = (delayMs: number): void => {
        if (subscriber.closed) return;
        const index = delayIndex++;
        const detail = { reason: 'stream-delay', input: 'delay', index, delayMs } as const;
        if (!isApmStreamDelay(delayMs)) return fail(detail);
        try {
          processor.setStreamDelay(delayMs);
        } catch (cause) {
          fail(detail, cause);
        }
      };

      /** One input's path into the module: regrouped into 10 ms frames, processed in order. */
      const intoApm = (input: 'near' | 'reverse') => {
        const frames = tenMsFrames(input);
        /** Processes whole 10 ms frames; false once the stream has ended. */
        const processAll = (
          chunks: Int16Array[],
          caller: Int16Array | undefined,
          index: number,
          keep?: number, // samples of the (one) chunk to emit, if not all
        ) => {
          const { sampleRate, numChannels } = frames.format as AudioFormat;
          for (const chunk of chunks) {
            // The chunker hands back the caller's own array when it is exactly one 10 ms frame:
            // copy that one, since the module works in place.
            const data = chunk === caller ? chunk.slice() : chunk;
            try {
              if (input === 'near') processor.processStream(data, sampleRate, numChannels);
              else processor.processReverseStream(data, sampleRate, numChannels);
            } catch (cause) {
              fail({ reason: 'process', input, index, sampleRate, numChannels }, cause);
              return false;
            }
            if (input === 'near') {
              const out = keep === undefined ? data : data.subarray(0, keep);
              subscriber.next(
                new AudioFrame(out, sampleRate, numChannels, out.length / numChannels),
              );
            }
            if (subscriber.closed) return false;
          }
          return true;
        };
        return {
          next(frame: AudioFrame): void {
            // A synchronous input can still emit after the stream ended, before its
            // subscription was added to the subscriber: the module is closed by then.
            if (subscriber.closed) return;
            const chunks = frames.push(frame);
            if (!Array.isArray(chunks)) return subscriber.error(chunks);
            processAll(chunks, frame.data, frames.index - 1);
          },
          /** Pads and processes the held-back tail (as `remainder` says); false once ended. */
          end(): boolean {
            if (subscriber.closed) return false;
            const held = frames.pending;
            const tail = frames.flush();
            if (tail === undefined || (input === 'near' && remainder === 'drop')) return true;
            return processAll([tail], undefined, -1, remainder === 'emit' ? held : undefined);
          },
        };
      };

      if (typeof streamDelayMs === 'number') setDelay(streamDelayMs);
      else if (streamDelayMs !== undefined) {
        subscriber.add(
          streamDelayMs.subscribe({ next: setDelay, error: (err) => subscriber.error(err) }),
        );
      }
      if (reverse$ !== undefined && !subscriber.closed) {
        const reverse = intoApm('reverse');
        subscriber.add(
          reverse$.subscribe({
            next: (frame) => reverse.next(frame),
            error: (err) => subscriber.error(err),
            complete: () => void reverse.end(),
          }),
        );
      }
      if (subscriber.closed) return;
      const near = intoApm('near');
      subscriber.add(
        source.subscribe({
          next: (frame) => near.next(frame),
          error: (err) => subscriber.error(err),
          complete() {
            if (near.end()) subscriber.complete();
          },
        }),
      );
    });
}
