import type { AudioFrame } from '@livekit/rtc-node';
import {
  from,
  Observable,
  type ObservableInput,
  type OperatorFunction,
  type Subscription,
} from 'rxjs';
import { CaptureError } from '../errors/CaptureError';
import { QueueOverflowError } from '../errors/QueueOverflowError';
import { BoundedQueue, OVERFLOWED, QUEUED } from '../internal/BoundedQueue';
import { checkFormatOption } from '../internal/checkFormatOption';
import { checkFrame } from '../internal/checkFrame';
import type { OverflowPolicy } from '../internal/OverflowPolicy';
import { ownedFrame } from '../internal/ownedFrame';

/**
 * What {@link captureAudio} needs of an audio source. rtc-node's `AudioSource` is one; a test can
 * pass a fake whose `captureFrame` returns a cold observable to run in virtual time.
 */
export interface AudioSourceLike {
  /** The rate every captured frame must have, in Hz. */
  readonly sampleRate: number;
  /** The channel count every captured frame must have. */
  readonly numChannels: number;
  /** Captures one frame; settles when the source has taken it (rtc-node paces this in real time). */
  captureFrame(frame: AudioFrame): ObservableInput<unknown>;
  /** Settles when everything captured has been played out. */
  waitForPlayout?(): ObservableInput<unknown>;
  /** Discards the audio captured but not yet played (rtc-node's `AudioSource.clearQueue`). */
  clearQueue?(): void;
}

/** A frame was captured into the source. */
export interface CapturedEvent {
  readonly type: 'captured';
  /** Zero-based index of the frame in the input stream. */
  readonly index: number;
  /** The frame. */
  readonly frame: AudioFrame;
  /** Frames waiting in the queue after this one. */
  readonly pending: number;
}

/** A frame was discarded by the overflow policy, or by an interruption. */
export interface DroppedEvent {
  readonly type: 'dropped';
  /** Zero-based index of the discarded frame in the input stream. */
  readonly index: number;
  /** The discarded frame. */
  readonly frame: AudioFrame;
  /** What discarded it: the overflow policy, or `'interrupt'` (a value of `interrupt$`). */
  readonly policy: 'drop-oldest' | 'drop-newest' | 'interrupt';
  /** Frames waiting in the queue afterwards. */
  readonly pending: number;
}

/**
 * `interrupt$` emitted: the queued frames were discarded (a `dropped` event each, just before);
 * the source's own queue is cleared right after this event.
 */
export interface InterruptedEvent {
  readonly type: 'interrupted';
  /** How many queued frames were discarded. */
  readonly dropped: number;
}

/** Everything captured has been played out (only with `waitForPlayout`). */
export interface PlayedOutEvent {
  readonly type: 'played-out';
  /** How many frames were captured in all. */
  readonly captured: number;
}

/** The events {@link captureAudio} emits. */
export type CaptureEvent = CapturedEvent | DroppedEvent | InterruptedEvent | PlayedOutEvent;

/** A frame waiting to be captured, with its index in the input. */
interface QueueItem {
  readonly frame: AudioFrame;
  readonly index: number;
}

/** Options of {@link captureAudio}. */
export interface CaptureAudioOptions {
  /** How many frames may wait while one is being captured (default 100). */
  readonly bufferSize?: number;
  /**
   * What happens to a frame that arrives when `bufferSize` frames wait: `'error'` (default:
   * a {@link QueueOverflowError}, nothing is lost silently), `'drop-oldest'` or `'drop-newest'`
   * (a `dropped` event is emitted for the discarded frame).
   */
  readonly overflow?: OverflowPolicy;
  /** After the last frame, wait until the source has played everything out (default true). */
  readonly waitForPlayout?: boolean;
  /**
   * Barge-in: each value discards every queued frame (a `dropped` event each, policy
   * `'interrupt'`), calls `source.clearQueue()` so the audio already in the source stops too, and
   * emits an `interrupted` event. A capture in progress is not cancelled (rtc-node cannot); the
   * next frame follows it. Frames that arrive later are captured as usual. An error of
   * `interrupt$` ends the capture with that error.
   */
  readonly interrupt$?: Observable<unknown>;
}

/**
 * Captures audio frames into an `AudioSource`, in order, one at a time: the sink that turns a
 * stream of frames into audio on a local track. Its subscription is the capture's lifetime.
 *
 * Each frame is handed to `source.captureFrame` once the previous one has been taken (rtc-node
 * paces this at real time once its native queue is full). Frames that arrive meanwhile wait in a
 * queue of at most `bufferSize` frames; when it is full the `overflow` policy applies, so a fast
 * producer never grows memory without bound. A frame whose rate or channel count differs from
 * the source's ends the stream with a `FrameFormatError`; a failed capture with a
 * {@link CaptureError}. When the input completes, the queue is drained, then (by default) the
 * source's playout awaited, then the stream completes. Each value of `interrupt$` discards the
 * queued frames and clears the source's queue (barge-in). Unsubscribing stops at once; the source
 * is the caller's to close.
 *
 * ```text
 * frames:          -a-b-c---------|
 * captureFrame:     [a-][b-][c-]          (each takes 2 frames of time)
 * captureAudio:    ---A--B--C-----(P|)    (A = captured a, P = played-out)
 *
 * frames:          (abc)------|
 * interrupt$:      -i---
 * captureAudio:    -(xI)A-----(P|)        (a in capture; x = b, c dropped; I = interrupted)
 * ```
 *
 * @example
 * ```ts
 * import { captureAudio } from 'livekit-rx';
 * import { AudioSource, LocalAudioTrack } from '@livekit/rtc-node';
 * const source = new AudioSource(48000, 1);
 * const track = LocalAudioTrack.createAudioTrack('tts', source);
 * await room.localParticipant.publishTrack(track, options);
 * tts$.pipe(captureAudio(source, { bufferSize: 50, overflow: 'drop-oldest' })).subscribe({
 *   complete: () => track.close(),
 * });
 * ```
 *
 * @param source - The audio source to capture into (rtc-node `AudioSource` or alike).
 * @param options - Queue bound, overflow policy, whether to await playout, interruptions.
 * @returns An operator from frames to {@link CaptureEvent}s.
 * @throws RangeError at once if `bufferSize` is not a positive integer, or the source's format
 *   is not a whole rate from 1 to 384000 Hz and 1 to 8 channels.
 */
export function captureAudio(
  source: AudioSourceLike,
  options: CaptureAudioOptions = {},
): OperatorFunction<AudioFrame, CaptureEvent> {
  const bufferSize = options.bufferSize ?? 100;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(`captureAudio: bufferSize must be a positive integer, got ${bufferSize}`);
  }
  const overflow = options.overflow ?? 'error';
  const awaitPlayout = options.waitForPlayout ?? true;
  const format = { sampleRate: source.sampleRate, numChannels: source.numChannels };
  checkFormatOption('captureAudio', 'source.sampleRate', 'sampleRate', format.sampleRate);
  checkFormatOption('captureAudio', 'source.numChannels', 'numChannels', format.numChannels);
  const hint =
    `The AudioSource is ${format.sampleRate} Hz with ${format.numChannels} channel(s): ` +
    `resample or remix the frames to match it first.`;

  return (frames) =>
    new Observable<CaptureEvent>((subscriber) => {
      const queue = new BoundedQueue<QueueItem>(bufferSize);
      let received = 0;
      let captured = 0;
      let busy = false;
      let pumping = false;
      let inputDone = false;
      let finished = false;
      let inFlight: Subscription | undefined;

      const captureFailed = (frameIndex: number, cause: unknown): void =>
        subscriber.error(new CaptureError({ frameIndex, ...format }, cause));

      const finish = (): void => {
        if (finished) return;
        finished = true;
        const wait = awaitPlayout ? source.waitForPlayout?.bind(source) : undefined;
        if (wait === undefined) return subscriber.complete();
        inFlight = from(wait()).subscribe({
          error: (err) => subscriber.error(err),
          complete: () => {
            subscriber.next({ type: 'played-out', captured });
            subscriber.complete();
          },
        });
      };

      // The capture in progress (one at a time) and its two outcomes: closures made once per
      // subscription, not per frame.
      let current: QueueItem | undefined;
      const captureDone = (): void => {
        if (subscriber.closed) return; // a capture that outlived the subscription
        const item = current as QueueItem;
        current = undefined;
        busy = false;
        captured++;
        subscriber.next({
          type: 'captured',
          index: item.index,
          frame: item.frame,
          pending: queue.length,
        });
        pump();
      };
      const captureRejected = (cause: unknown): void => {
        if (!subscriber.closed) captureFailed((current as QueueItem).index, cause);
      };
      const captureObserver = { error: captureRejected, complete: captureDone };

      // Drains the queue one capture at a time. Re-entrant calls (a capture that settles
      // synchronously) return at once and the outer loop goes on.
      const pump = (): void => {
        if (pumping) return;
        pumping = true;
        try {
          while (!busy && !subscriber.closed) {
            const item = queue.shift();
            if (item === undefined) {
              if (inputDone) finish();
              return;
            }
            busy = true;
            current = item;
            let pending: ObservableInput<unknown>;
            try {
              pending = source.captureFrame(ownedFrame(item.frame));
            } catch (cause) {
              return captureFailed(item.index, cause);
            }
            // rtc-node's captures are promises: settled directly, as `from` would (same
            // microtask), without an Observable and a Subscriber per frame.
            if (pending instanceof Promise) pending.then(captureDone, captureRejected);
            else inFlight = from(pending).subscribe(captureObserver);
          }
        } finally {
          pumping = false;
        }
      };

      const interruption = options.interrupt$?.subscribe({
        next() {
          let dropped = 0;
          for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
            dropped++;
            subscriber.next({
              type: 'dropped',
              policy: 'interrupt',
              pending: queue.length,
              ...item,
            });
          }
          subscriber.next({ type: 'interrupted', dropped });
          try {
            source.clearQueue?.();
          } catch (cause) {
            captureFailed(-1, cause);
          }
        },
        error: (err) => subscriber.error(err),
      });

      const input = frames.subscribe({
        next(frame) {
          const index = received++;
          const problem = checkFrame('captureAudio', index, frame, format, hint);
          if (problem) return subscriber.error(problem);
          const outcome = queue.offer({ frame, index }, overflow);
          if (outcome === OVERFLOWED) {
            return subscriber.error(
              new QueueOverflowError({ operator: 'captureAudio', bufferSize, index }),
            );
          }
          if (outcome !== QUEUED) {
            subscriber.next({
              type: 'dropped',
              policy: overflow as Exclude<OverflowPolicy, 'error'>,
              pending: queue.length,
              ...outcome,
            });
          }
          pump();
        },
        error: (err) => subscriber.error(err),
        complete() {
          inputDone = true;
          pump();
        },
      });

      return () => {
        interruption?.unsubscribe();
        input.unsubscribe();
        inFlight?.unsubscribe();
        queue.clear();
      };
    });
}
