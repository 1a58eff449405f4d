import type { AudioFrame } from '@livekit/rtc-node';
import {
  asyncScheduler,
  ignoreElements,
  mergeMap,
  of,
  tap,
  throwError,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { AudioSourceLike } from '../sinks/captureAudio';

/** Options of {@link TestAudioSource}. */
export interface TestAudioSourceOptions {
  /** Virtual time one capture takes (default 0: synchronous). */
  readonly captureTime?: number;
  /** Virtual time from the last capture to the end of playout (default 0). */
  readonly playoutTime?: number;
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
 * recorded in `captured`. Use it to marble-test code built on `captureAudio`.
 *
 * ```text
 * captureFrame(a) with captureTime 2:  --|
 * waitForPlayout() with playoutTime 3: ---|
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
  readonly sampleRate: number;
  readonly numChannels: number;
  readonly #options: TestAudioSourceOptions;

  /**
   * @param sampleRate - The source's rate in Hz.
   * @param numChannels - The source's channel count.
   * @param options - Capture and playout times, an injected failure, the scheduler.
   */
  constructor(sampleRate: number, numChannels: number, options: TestAudioSourceOptions = {}) {
    this.sampleRate = sampleRate;
    this.numChannels = numChannels;
    this.#options = options;
  }

  captureFrame(frame: AudioFrame): Observable<never> {
    const call = this.calls++;
    const { captureTime = 0, failAt } = this.#options;
    if (call === failAt) {
      const err = this.#options.failWith ?? new Error('AudioSource is closed');
      return this.#after(captureTime).pipe(mergeMap(() => throwError(() => err)));
    }
    return this.#after(captureTime).pipe(
      tap(() => this.captured.push(frame)),
      ignoreElements(),
    );
  }

  waitForPlayout(): Observable<never> {
    return this.#after(this.#options.playoutTime ?? 0).pipe(ignoreElements());
  }

  #after(time: number): Observable<unknown> {
    return time > 0 ? timer(time, this.#options.scheduler ?? asyncScheduler) : of(0);
  }
}
