import type { AudioFrame } from '@livekit/rtc-node';
import {
  asyncScheduler,
  defer,
  ignoreElements,
  mergeMap,
  of,
  race,
  Subject,
  take,
  tap,
  throwError,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { AudioSourceLike } from '../sinks/captureAudio';

/** Options of {@link TestAudioSource}. */
export interface TestAudioSourceOptions {
  /** Virtual time one capture takes (default 0: synchronous). Ignored with `queueSizeMs`. */
  readonly captureTime?: number;
  /** Virtual time from the last capture to the end of playout (default 0). Ignored with `queueSizeMs`. */
  readonly playoutTime?: number;
  /**
   * Model rtc-node's native queue instead of fixed times: audio plays out in scheduler time (one
   * ms of audio per ms); `captureFrame` completes at once while at most `queueSizeMs` of audio
   * waits to be played, else when playout has brought it down to `queueSizeMs`; `waitForPlayout`
   * completes when everything captured has played; `clearQueue` discards what has not.
   */
  readonly queueSizeMs?: number;
  /** Index of a capture that fails with `failWith` (default: none fails). */
  readonly failAt?: number;
  /** The error the failing capture raises (default `new Error('AudioSource is closed')`). */
  readonly failWith?: unknown;
  /** The scheduler captures run on (default `asyncScheduler`: virtual inside `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike;
}

/**
 * A stand-in for rtc-node's `AudioSource` that runs in virtual time: each `captureFrame` takes
 * `captureTime` on the scheduler, `waitForPlayout` takes `playoutTime`; every captured frame is
 * recorded in `captured`. With `queueSizeMs` it models the native queue instead: audio plays out
 * in scheduler time and captures wait while more than `queueSizeMs` is queued, as rtc-node's do.
 * Use it to marble-test code built on `captureAudio`; a `TestRoom` gives one to `publishAudio`.
 *
 * ```text
 * captureFrame(a) with captureTime 2:  --|
 * waitForPlayout() with playoutTime 3: ---|
 * queueSizeMs 10, 4 ms frames a-d at 0: a, b complete at 0, c at 2, d at 6; playout ends at 16
 * ```
 *
 * @example
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { captureAudio } from 'livekit-rx';
 * import { TestAudioSource, testFrame } from 'livekit-rx/testing';
 * new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
 *   const source = new TestAudioSource(48000, 1, { captureTime: 2 });
 *   const frames$ = cold('ab|', { a: testFrame({ samplesPerChannel: 480 }), b: testFrame({ samplesPerChannel: 480 }) });
 *   expectObservable(frames$.pipe(captureAudio(source, { waitForPlayout: false })), { A: 0, B: 1 });
 * });
 * ```
 */
export class TestAudioSource implements AudioSourceLike {
  /** Every frame whose capture completed, in order. */
  readonly captured: AudioFrame[] = [];
  /** How many captures were started. */
  calls = 0;
  /** How many times `clearQueue` was called. */
  clears = 0;
  /** Whether `close()` was called (captures then fail, as rtc-node's do). */
  closed = false;
  readonly sampleRate: number;
  readonly numChannels: number;
  readonly #options: TestAudioSourceOptions;
  /** With `queueSizeMs`: the scheduler time at which everything queued has played. */
  #playoutEnd = 0;
  readonly #cleared = new Subject<void>();

  /**
   * @param sampleRate - The source's rate in Hz.
   * @param numChannels - The source's channel count.
   * @param options - Capture and playout times or a queue size, an injected failure, the scheduler.
   */
  constructor(sampleRate: number, numChannels: number, options: TestAudioSourceOptions = {}) {
    this.sampleRate = sampleRate;
    this.numChannels = numChannels;
    this.#options = options;
  }

  /** With `queueSizeMs`: the ms of audio captured but not yet played (rtc-node's `queuedDuration`). */
  get queuedDuration(): number {
    return Math.max(0, this.#playoutEnd - this.#scheduler.now());
  }

  captureFrame(frame: AudioFrame): Observable<never> {
    const call = this.calls++;
    const { captureTime = 0, failAt, queueSizeMs } = this.#options;
    if (this.closed) return throwError(() => new Error('AudioSource is closed'));
    if (call === failAt) {
      const err = this.#options.failWith ?? new Error('AudioSource is closed');
      return this.#after(captureTime).pipe(mergeMap(() => throwError(() => err)));
    }
    const taken = tap<unknown>(() => this.captured.push(frame));
    if (queueSizeMs === undefined) return this.#after(captureTime).pipe(taken, ignoreElements());
    return defer(() => {
      // Like the native queue: the frame is queued at once and the capture completes when no
      // more than queueSizeMs waits (or when the queue is cleared).
      const now = this.#scheduler.now();
      this.#playoutEnd =
        Math.max(now, this.#playoutEnd) + (frame.samplesPerChannel * 1000) / this.sampleRate;
      return this.#untilCleared(this.#playoutEnd - queueSizeMs - now);
    }).pipe(taken, ignoreElements());
  }

  waitForPlayout(): Observable<never> {
    if (this.#options.queueSizeMs === undefined) {
      return this.#after(this.#options.playoutTime ?? 0).pipe(ignoreElements());
    }
    return defer(() => this.#untilCleared(this.#playoutEnd - this.#scheduler.now())).pipe(
      ignoreElements(),
    );
  }

  /** Discards the audio not yet played; pending captures and playout waits complete at once. */
  clearQueue(): void {
    this.clears++;
    this.#playoutEnd = Math.min(this.#playoutEnd, this.#scheduler.now());
    this.#cleared.next();
  }

  /** Closes the source: later captures fail with `AudioSource is closed`, as rtc-node's do. */
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  get #scheduler(): SchedulerLike {
    return this.#options.scheduler ?? asyncScheduler;
  }

  #after(time: number): Observable<unknown> {
    return time > 0 ? timer(time, this.#scheduler) : of(0);
  }

  #untilCleared(time: number): Observable<unknown> {
    return time > 0 ? race(timer(time, this.#scheduler), this.#cleared).pipe(take(1)) : of(0);
  }
}
