import { AudioFrame } from '@livekit/rtc-node';
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { QueueOverflowError } from '../errors/QueueOverflowError';
import { BoundedQueue, OVERFLOWED, QUEUED } from '../internal/BoundedQueue';
import { createPcmMixer, type PcmMixer } from '../internal/createPcmMixer';
import { checkFormatOption } from '../internal/checkFormatOption';
import { checkFrame, type AudioFormat } from '../internal/checkFrame';
import type { OverflowPolicy } from '../internal/OverflowPolicy';
import { remix } from './remix';
import { resample } from './resample';

/** Options of {@link mix} and {@link mixWith}. */
export interface MixOptions {
  /** The mix's sample rate; every frame must have it (default: the first frame's). */
  readonly sampleRate?: number;
  /** The mix's channel count (default: the first frame's, or 1 when `sampleRate` is given). */
  readonly numChannels?: number;
  /** Samples per channel of each mixed block (default 10 ms at the mix's rate, rounded down). */
  readonly blocksize?: number;
  /**
   * The longest the mix waits for a source's next frame, in scheduler time, before it mixes
   * without it (default 100): counted from when the mix needs that frame (others have audio
   * ready) or from the source's last frame, whichever is later, as `AudioMixer` waits per read.
   */
  readonly streamTimeoutMs?: number;
  /** The most frames queued per source (default 100, 1 s of 10 ms frames). */
  readonly capacity?: number;
  /** What a full source queue does with an arriving frame (default `'drop-oldest'`). */
  readonly overflow?: OverflowPolicy;
  /** The scheduler of the stall timeout (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
  /**
   * Convert every source to the mix's format (`sampleRate`, required with this option, and
   * `numChannels`) instead of ending with a `FrameFormatError`: each source is piped through
   * {@link remix} and {@link resample} (rtc-node's native resampler, created only for a source
   * whose rate differs; frames already in the format pass through). Default `false`.
   */
  readonly convert?: boolean;
}

/** One source of the mix: its queued chunks and its state. */
class MixSource {
  readonly chunks: BoundedQueue<Int16Array>;
  head = 0; // samples of the first chunk already mixed
  queued = 0; // samples waiting, all channels counted
  frames = 0;
  done = false;
  stalled = false;

  constructor(
    readonly index: number,
    capacity: number,
    /** When the mix started waiting for this source's next frame (valid while it is short). */
    public since: number,
  ) {
    this.chunks = new BoundedQueue<Int16Array>(capacity);
  }
}

/**
 * Mixes audio streams into one: rtc-node's `AudioMixer` without the native runtime, in virtual
 * time, with 13-17x less CPU per block at 4 sources and 19-27x at 32 (docs/performance.md; the
 * sum runs in a small WebAssembly SIMD kernel, or in TypeScript where WebAssembly SIMD is
 * missing: the same samples either way).
 * Sources join and leave at run time (each inner Observable of `sources$` is one source, from its
 * first frame to its completion). Samples are summed in 32 bits and clamped to int16 (saturation,
 * never wrap-around), so the mix is commutative.
 *
 * **Clock: driven by the input, bounded by the scheduler.** A block of `blocksize` samples is
 * emitted as soon as every live source has a block queued, so live tracks mix at their own pace
 * and files mix as fast as the CPU allows. When other sources have audio ready and one has
 * none, the mix waits for it `streamTimeoutMs` of scheduler time (from when the wait began, or
 * from that source's last frame if a part of a block came during the wait), like `AudioMixer`
 * waits per read; then the source is stalled: it stops holding the mix back and contributes
 * what it has, then silence, until its next frame. So a stalled source delays the mix by at
 * most `streamTimeoutMs`, and the clock is read once per wait, not per frame. When no
 * source has any audio nothing is emitted: pacing belongs to the sink (an `AudioSource` plays
 * silence on underrun). A completed source's remainder is mixed into the next block, padded with
 * silence. The mix completes when `sources$` and every source have completed and the last audio
 * was emitted (the final block is padded to `blocksize`).
 *
 * Bounded memory: each source queues at most `capacity` frames; when full, `overflow` decides
 * (`'drop-oldest'` keeps the newest audio; `'error'` ends the mix with a `QueueOverflowError`).
 * The summing kernel's scratch memory, shared by every mix of the process, is about 8 bytes
 * per sample of the largest block used, at least one 64 KiB page, whatever the source count.
 * Every frame must have the mix's rate and channel count, else a `FrameFormatError` (operator
 * `'mix'`, `frameIndex` counted per source) ends the mix: resample/remix the sources first, or
 * set `convert` to have the mix do it per source. Any
 * source's error ends the mix; unsubscribing unsubscribes `sources$`, every source and the timer.
 *
 * ```text
 * a:      -1---1---1-----------|          (blocksize = one frame; numbers are samples)
 * b:      ---2---2------------|
 * mix:    ---3---3---------1---|          (streamTimeoutMs 8: a's third block waits 8 for b)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, captureAudio, mix } from 'livekit-rx';
 * import { map } from 'rxjs';
 * const tracks$ = subscribedTracks(room); // Observable of audio tracks
 * mix(tracks$.pipe(map((t) => audioFrames(t))), { sampleRate: 48000, numChannels: 1 })
 *   .pipe(captureAudio(source))
 *   .subscribe();
 * ```
 *
 * @param sources$ - The sources: each inner Observable joins when emitted, leaves on complete.
 * @param options - Format, block size, stall timeout, queue bound and policy, scheduler.
 * @returns The mixed frames, `blocksize` samples per channel each, data at offset 0.
 * @throws RangeError at once for a non-positive or fractional option, a `sampleRate` above
 *   384000 Hz or a `numChannels` above 8.
 */
export function mix(
  sources$: Observable<Observable<AudioFrame>>,
  options: MixOptions = {},
): Observable<AudioFrame> {
  const timeoutMs = options.streamTimeoutMs ?? 100;
  const capacity = options.capacity ?? 100;
  const overflow = options.overflow ?? 'drop-oldest';
  const scheduler = options.scheduler ?? asyncScheduler;
  checkFormatOption('mix', 'sampleRate', 'sampleRate', options.sampleRate);
  checkFormatOption('mix', 'numChannels', 'numChannels', options.numChannels);
  for (const [name, v] of [
    ['blocksize', options.blocksize],
    ['capacity', capacity],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      throw new RangeError(`mix: ${name} must be a positive integer, got ${v}`);
    }
  }
  if (!(timeoutMs >= 0) || !Number.isFinite(timeoutMs)) {
    throw new RangeError(`mix: streamTimeoutMs must be 0 or more, got ${timeoutMs}`);
  }
  const convert = options.convert === true;
  if (convert && options.sampleRate === undefined) {
    throw new RangeError('mix: convert needs sampleRate, the rate to convert every source to');
  }
  // Remix before resampling when that leaves fewer channels to resample.
  const conform = (inner: Observable<AudioFrame>): Observable<AudioFrame> => {
    const toRate = resample(options.sampleRate as number);
    const toChannels = remix(options.numChannels ?? 1);
    return (options.numChannels ?? 1) === 1
      ? inner.pipe(toChannels, toRate)
      : inner.pipe(toRate, toChannels);
  };
  return new Observable<AudioFrame>((subscriber) => {
    let format: AudioFormat | undefined;
    // The format's fields, 0 while unknown: compared on every frame without a function call.
    let rate = 0;
    let channels = 0;
    let blockLen = Infinity; // samples per block, all channels counted
    let mixer: PcmMixer | undefined;
    let sources: MixSource[] = [];
    let short = 0; // live, not stalled sources with less than a block queued
    let withData = 0; // sources with samples queued
    let outerDone = false;
    let timer: Subscription | undefined;
    let joined = 0;
    // A wait is under way: audio is ready and short sources hold it back; each short source's
    // `since` is when the mix started waiting for it. Ends when a block is mixed.
    let waiting = false;

    const isShort = (s: MixSource): boolean => !s.done && !s.stalled && s.queued < blockLen;
    // Updates the counters after a change of `s` that was short (`wasShort`) or had data (`had`).
    const settle = (s: MixSource, wasShort: boolean, had: boolean): void => {
      if (isShort(s) !== wasShort) short += wasShort ? -1 : 1;
      if (s.queued > 0 !== had) withData += had ? -1 : 1;
    };
    const setFormat = (f: AudioFormat): void => {
      format = f;
      rate = f.sampleRate;
      channels = f.numChannels;
      const block = options.blocksize ?? Math.max(1, Math.floor(f.sampleRate / 100));
      // Every source has nothing queued yet, so none changes its short state.
      blockLen = block * f.numChannels;
      mixer = createPcmMixer(blockLen);
    };
    if (options.sampleRate !== undefined) {
      setFormat({ sampleRate: options.sampleRate, numChannels: options.numChannels ?? 1 });
    }

    // Runs only when no source is short (`short === 0`), so each source's state before the
    // block is known: not short, and with data if `queued > 0`.
    const mixBlock = (m: PcmMixer): void => {
      let removed = false;
      const list = sources;
      for (let k = 0; k < list.length; k++) {
        const s = list[k] as MixSource;
        const queued = s.queued;
        if (queued === 0) continue;
        let want = queued < blockLen ? queued : blockLen;
        const left = queued - want;
        s.queued = left;
        const chunks = s.chunks;
        const first = chunks.peek() as Int16Array;
        if (want === blockLen && s.head === 0 && first.length === blockLen) {
          // The common case: one whole frame is one whole row.
          m.row(first);
          chunks.shift();
        } else {
          while (want > 0) {
            const chunk = chunks.peek() as Int16Array;
            const head = s.head;
            const rest = chunk.length - head;
            if (want < rest) {
              m.put(chunk, head, want);
              s.head = head + want;
              break;
            }
            m.put(chunk, head, rest);
            want -= rest;
            chunks.shift();
            s.head = 0;
          }
          m.endRow();
        }
        if (left === 0) {
          withData--;
          if (s.done) removed = true;
        }
        if (left < blockLen && !s.done && !s.stalled) short++;
      }
      if (removed) sources = sources.filter((s) => !(s.done && s.queued === 0));
      waiting = false;
      subscriber.next(new AudioFrame(m.finish(), rate, channels, blockLen / channels));
    };

    const checkStalls = (): void => {
      // Unsubscribed once run, so it leaves the subscriber's finalizers: a long live mix runs
      // this timer many times, and finished actions would otherwise pile up there.
      const done = timer;
      timer = undefined;
      done?.unsubscribe();
      // A timer armed by a wait that has ended since (its block was mixed) finds nothing to
      // count: the `since` of the sources are that old wait's. The next wait arms its own.
      if (!waiting) return pump();
      const now = scheduler.now();
      let next = Infinity;
      for (const s of sources) {
        if (!isShort(s)) continue;
        const idle = now - s.since;
        if (idle >= timeoutMs) {
          s.stalled = true;
          short--;
        } else next = Math.min(next, timeoutMs - idle);
      }
      pump(next);
    };

    const firstDeadline = (): number => {
      const now = scheduler.now();
      let next = Infinity;
      for (const s of sources) {
        if (isShort(s)) next = Math.min(next, Math.max(0, s.since + timeoutMs - now));
      }
      return next;
    };

    const pump = (delay?: number): void => {
      while (withData > 0 && short === 0 && mixer !== undefined && !subscriber.closed) {
        mixBlock(mixer);
      }
      if (subscriber.closed) return;
      if (outerDone && sources.length === 0) {
        timer?.unsubscribe();
        subscriber.complete();
      } else if (withData > 0 && short > 0) {
        if (!waiting) {
          // A wait begins: audio is ready and short sources hold it. The clock is read here,
          // once per wait (about once per block), not once per frame.
          waiting = true;
          const now = scheduler.now();
          for (const s of sources) if (isShort(s)) s.since = now;
          if (timer === undefined) {
            subscriber.add((timer = scheduler.schedule(checkStalls, delay ?? timeoutMs)));
          }
        } else if (timer === undefined) {
          const wait = delay ?? firstDeadline();
          if (wait < Infinity) subscriber.add((timer = scheduler.schedule(checkStalls, wait)));
        }
      }
    };

    const join = (inner: Observable<AudioFrame>): void => {
      const s = new MixSource(joined++, capacity, scheduler.now());
      sources.push(s);
      short++;
      subscriber.add(
        (convert ? conform(inner) : inner).subscribe({
          next(frame) {
            const frameIndex = s.frames++;
            const data = frame.data;
            if (
              frame.sampleRate !== rate ||
              frame.channels !== channels ||
              data.length !== frame.samplesPerChannel * channels
            ) {
              const problem = checkFrame(
                'mix',
                frameIndex,
                frame,
                format,
                `Source ${s.index} of the mix differs: resample or remix every source to one format, or set convert: true.`,
              );
              if (problem) return subscriber.error(problem);
              if (format === undefined)
                setFormat({ sampleRate: frame.sampleRate, numChannels: frame.channels });
            }
            const length = data.length;
            if (length === 0) return;
            const queued = s.queued;
            // Not done (it is still sending): short unless stalled or holding a block.
            const wasShort = !s.stalled && queued < blockLen;
            const outcome = s.chunks.offer(data, overflow);
            if (outcome !== QUEUED) {
              if (outcome === OVERFLOWED) {
                return subscriber.error(
                  new QueueOverflowError({
                    operator: 'mix',
                    bufferSize: capacity,
                    index: frameIndex,
                  }),
                );
              }
              if (overflow === 'drop-newest') return;
              s.queued -= outcome.length - s.head; // the oldest chunk made room
              s.head = 0;
            }
            s.stalled = false;
            const total = (s.queued += length);
            if (total < blockLen) {
              if (!wasShort) short++;
              // Still short during a wait (part of a block, or back from a stall): the mix
              // waits for it from now on.
              if (waiting) s.since = scheduler.now();
            } else if (wasShort) short--;
            if (queued === 0) withData++;
            pump();
          },
          error: (err) => subscriber.error(err),
          complete() {
            const wasShort = isShort(s);
            s.done = true;
            settle(s, wasShort, s.queued > 0);
            if (s.queued === 0) sources = sources.filter((x) => x !== s);
            pump();
          },
        }),
      );
    };

    subscriber.add(
      sources$.subscribe({
        next: join,
        error: (err) => subscriber.error(err),
        complete() {
          outerDone = true;
          pump();
        },
      }),
    );
    return () => {
      sources = [];
    };
  });
}
