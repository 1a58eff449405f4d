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
import { BoundedQueue } from '../internal/BoundedQueue';
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

/**
 * The default bound of the audio waiting in captureAudio's and publishAudio's queues: 2 minutes,
 * a long spoken reply produced by a text-to-speech engine faster than real time.
 * @internal
 */
export const defaultMaxQueuedMs = 120_000;

/**
 * The default frame bound for a duration bound: 4 frames per 10 ms, so that frames of 2.5 ms and
 * longer are bounded by duration, and tiny or empty frames by count.
 * @internal
 */
export const defaultBufferSize = (maxQueuedMs: number): number => Math.ceil(maxQueuedMs / 2.5);

/** Options of {@link captureAudio}. */
export interface CaptureAudioOptions {
  /**
   * How much audio may wait while a frame is being captured, in ms (default 120000: 2 minutes,
   * 11.5 MB of 48 kHz mono). A text-to-speech engine runs 5-20x faster than real time: its whole
   * reply waits here, in JavaScript, where `interrupt$` drops it at once, while the source's own
   * queue stays short. One frame always fits an empty queue, however long.
   */
  readonly maxQueuedMs?: number;
  /**
   * How many frames may wait (default: 4 per 10 ms of `maxQueuedMs`, 48000 for 2 minutes, so
   * frames of 2.5 ms and longer are bounded by `maxQueuedMs`). Whichever bound is reached first
   * applies the `overflow` policy.
   */
  readonly bufferSize?: number;
  /**
   * What happens to a frame that arrives to a full queue (`maxQueuedMs` or `bufferSize`):
   * `'error'` (default: a {@link QueueOverflowError}, nothing is lost silently), `'drop-oldest'`
   * (as many of the oldest frames as it takes to make room) or `'drop-newest'` (the arriving
   * frame); a `dropped` event is emitted for each discarded frame.
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
 * queue of at most `maxQueuedMs` of audio (default 2 minutes: a text-to-speech reply produced
 * faster than real time, or a short file `from` an array, fits) and `bufferSize` frames; when it
 * is full the `overflow` policy applies, so a fast producer never grows memory without bound.
 * A frame whose rate or channel count differs from
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
 * tts$.pipe(captureAudio(source, { maxQueuedMs: 60_000, interrupt$: userSpeaks$ })).subscribe({
 *   complete: () => track.close(),
 * });
 * ```
 *
 * @param source - The audio source to capture into (rtc-node `AudioSource` or alike).
 * @param options - Queue bound, overflow policy, whether to await playout, interruptions.
 * @returns An operator from frames to {@link CaptureEvent}s.
 * @throws RangeError at once if `maxQueuedMs` is not a positive finite number, `bufferSize` not a
 *   positive integer, or the source's format is not a whole rate from 1 to 384000 Hz and 1 to 8
 *   channels.
 */
export function captureAudio(
  source: AudioSourceLike,
  options: CaptureAudioOptions = {},
): OperatorFunction<AudioFrame, CaptureEvent> {
  const maxQueuedMs = options.maxQueuedMs ?? defaultMaxQueuedMs;
  if (!Number.isFinite(maxQueuedMs) || maxQueuedMs <= 0) {
    throw new RangeError(
      `captureAudio: maxQueuedMs must be a positive finite number, got ${maxQueuedMs}`,
    );
  }
  const bufferSize = options.bufferSize ?? defaultBufferSize(maxQueuedMs);
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(`captureAudio: bufferSize must be a positive integer, got ${bufferSize}`);
  }
  // Counted in samples per channel (every queued frame has the source's rate): exact sums.
  const maxQueuedSamples = (maxQueuedMs * source.sampleRate) / 1000;
  const queuedMsOf = (samples: number): number => (samples * 1000) / source.sampleRate;
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
      let queuedSamples = 0; // of the frames in `queue`
      const shift = (): QueueItem | undefined => {
        const item = queue.shift();
        if (item !== undefined) {
          queuedSamples = queue.length === 0 ? 0 : queuedSamples - item.frame.samplesPerChannel;
        }
        return item;
      };
      // One frame always fits an empty queue (a frame longer than maxQueuedMs included).
      const fits = (samples: number): boolean =>
        queue.length === 0 || (!queue.full && queuedSamples + samples <= maxQueuedSamples);
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
            const item = shift();
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
          for (let item = shift(); item !== undefined; item = shift()) {
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
          const samples = frame.samplesPerChannel;
          if (!fits(samples)) {
            if (overflow === 'error') {
              const info = { operator: 'captureAudio', bufferSize, index };
              return subscriber.error(
                new QueueOverflowError(
                  queue.full ? info : { ...info, maxQueuedMs, queuedMs: queuedMsOf(queuedSamples) },
                ),
              );
            }
            if (overflow === 'drop-newest') {
              subscriber.next({
                type: 'dropped',
                policy: overflow,
                pending: queue.length,
                frame,
                index,
              });
              return pump();
            }
            const dropped: QueueItem[] = [];
            while (!fits(samples)) dropped.push(shift() as QueueItem);
            queue.push({ frame, index });
            queuedSamples += samples;
            for (const item of dropped) {
              subscriber.next({
                type: 'dropped',
                policy: overflow,
                pending: queue.length,
                ...item,
              });
            }
            return pump();
          }
          queue.push({ frame, index });
          queuedSamples += samples;
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
