import type { AudioFrame, VideoFrame } from '@livekit/rtc-node';
import {
  asyncScheduler,
  Observable,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { QueueOverflowError } from '../errors/QueueOverflowError';
import { checkFrame } from '../internal/checkFrame';
import type { OverflowPolicy } from '../internal/OverflowPolicy';

/** An input of {@link synchronizeAV}: an audio frame or a video frame, tagged. */
export type AVItem =
  | { readonly kind: 'audio'; readonly frame: AudioFrame }
  | { readonly kind: 'video'; readonly frame: VideoFrame };

/** How the synchronization is going, as of one output item. */
export interface AVSyncStats {
  /**
   * Video frames per second actually emitted, over the last `max(2, fps / 2)` frames (about half
   * a second), measured on the scheduler; 0 before the second frame.
   */
  readonly actualFps: number;
  /** Where the audio emitted so far ends on the synchronizer's clock, in seconds. */
  readonly lastAudioTimeS: number;
  /** The time of the last video frame emitted on the synchronizer's clock, in seconds. */
  readonly lastVideoTimeS: number;
  /** Audio waiting to be emitted, in ms. */
  readonly queuedAudioMs: number;
  /** Video frames waiting to be emitted. */
  readonly queuedVideoFrames: number;
  /** Audio frames discarded by the overflow policy so far. */
  readonly droppedAudioFrames: number;
  /** Video frames discarded by the overflow policy so far. */
  readonly droppedVideoFrames: number;
}

/**
 * An output of {@link synchronizeAV}: a frame, at the moment it is due, with its time on the
 * synchronizer's clock (`timestampUs`, whole microseconds from the start) and the current stats.
 */
export type SynchronizedAV =
  | {
      readonly kind: 'audio';
      readonly frame: AudioFrame;
      readonly timestampUs: number;
      readonly stats: AVSyncStats;
    }
  | {
      readonly kind: 'video';
      readonly frame: VideoFrame;
      readonly timestampUs: number;
      readonly stats: AVSyncStats;
    };

/** Options of {@link synchronizeAV}. */
export interface SynchronizeAVOptions {
  /** The video frame rate to pace at (frames per second). */
  readonly fps: number;
  /**
   * How far the input may run ahead of the output, in ms of media, per kind (default 100, as
   * rtc's AVSynchronizer): at most this much audio, and `max(1, floor(fps * queueSizeMs / 1000))`
   * video frames, wait. One audio frame always fits, however long.
   */
  readonly queueSizeMs?: number;
  /**
   * What a frame that does not fit does (default `'error'`: a {@link QueueOverflowError}, nothing
   * is lost silently). `'drop-oldest'` keeps latency bounded for live capture; `'drop-newest'`
   * keeps what is queued. A dropped frame never reaches the clock: the next one takes its slot.
   */
  readonly overflow?: OverflowPolicy;
  /**
   * A frame later than this (ms) shifts the clock instead of being caught up with (default 300,
   * as rtc's AVSynchronizer): the two kinds wait together, so they stay in sync.
   */
  readonly maxDelayToleranceMs?: number;
  /**
   * Emit audio this many ms before the video of the same time (default 0): set it to the latency
   * of the audio sink (an `AudioSource`'s queue) so that both play out together.
   */
  readonly audioLeadMs?: number;
  /** The scheduler that paces the output (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/** A FIFO of frames waiting for their time: an array with a moving head, compacted as it goes. */
class Waiting<T> {
  items: T[] = [];
  head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    const item = this.items[this.head];
    this.items[this.head++] = undefined as T;
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** One audio frame waiting, with its duration in ms. */
interface QueuedAudio {
  readonly frame: AudioFrame;
  readonly ms: number;
}

/**
 * Paces audio and video frames for publishing and keeps them in sync: rtc's `AVSynchronizer`
 * (Python SDK) as an operator, on a scheduler, so it runs in virtual time.
 *
 * The input is one stream of tagged frames (`{ kind: 'audio', frame }` or
 * `{ kind: 'video', frame }`, e.g. from a decoder, or `merge` of two tagged streams), in each
 * kind's order, both kinds starting at media time 0. The output is the same frames, each emitted
 * when it is due on one clock: video frame `k` at `k / fps`, an audio frame when the audio
 * before it has played (the sum of the durations), both from the first input item (plus
 * `audioLeadMs`). Each output carries its `timestampUs` on that clock and {@link AVSyncStats}
 * (actual fps, last audio and video times, queue depths, drops).
 *
 * - **Early frames wait** (up to `queueSizeMs`, then the `overflow` policy); **late frames go at
 *   once** and later ones catch up with the clock; a frame later than `maxDelayToleranceMs`
 *   shifts the clock for both kinds (so a pause in the producer delays both and they stay in
 *   sync; nothing bursts out to catch up). A kind whose first frame comes later than that starts
 *   from its arrival instead, without delaying the other.
 * - At the same time audio goes before video. Audio frames with no samples are skipped.
 * - **Completion**: when the input completes, what waits is still emitted on time, then the
 *   output completes. An input error is forwarded at once; unsubscribing cancels the timer and
 *   drops what waits.
 * - `timestampUs` is a plain number on the synchronizer's clock, not rtc-node's capture clock:
 *   call `videoSource.captureFrame(frame)` without it (as rtc's AVSynchronizer does), and use it
 *   for logging or your own alignment.
 *
 * ```text
 * input:  (a1 a2 a3 v1 v2)-----|      (a = 10 ms audio frame, v = video frame; fps 50: 20 ms)
 * output: (a1 v1)-a2-(a3 v2)---|      (a2 at 10 ms; a3 and v2 at 20 ms; each one with its stats)
 * ```
 *
 * @example
 * ```ts
 * import { captureAudio, synchronizeAV, type AVItem } from 'livekit-rx';
 * import { filter, map, merge, share } from 'rxjs';
 * const av$ = merge(
 *   speech$.pipe(map((frame): AVItem => ({ kind: 'audio', frame }))),
 *   avatar$.pipe(map((frame): AVItem => ({ kind: 'video', frame }))),
 * ).pipe(synchronizeAV({ fps: 30, queueSizeMs: 200, audioLeadMs: 20 }), share());
 * av$.pipe(
 *   filter((x) => x.kind === 'audio'),
 *   map((x) => x.frame),
 *   captureAudio(audioSource),
 * ).subscribe();
 * av$.subscribe((x) => x.kind === 'video' && videoSource.captureFrame(x.frame));
 * ```
 *
 * @param options - Frame rate, queue bound and overflow policy, delay tolerance, audio lead,
 *   scheduler.
 * @returns An operator from tagged frames to the same frames, paced, with times and stats.
 * @throws RangeError at once if `fps` or `queueSizeMs` is not a positive finite number, or
 *   `maxDelayToleranceMs` or `audioLeadMs` is negative.
 */
export function synchronizeAV(
  options: SynchronizeAVOptions,
): OperatorFunction<AVItem, SynchronizedAV> {
  const { fps } = options;
  const queueSizeMs = options.queueSizeMs ?? 100;
  const tolerance = options.maxDelayToleranceMs ?? 300;
  const lead = options.audioLeadMs ?? 0;
  const overflow = options.overflow ?? 'error';
  const scheduler = options.scheduler ?? asyncScheduler;
  for (const [name, v] of [
    ['fps', fps],
    ['queueSizeMs', queueSizeMs],
  ] as const) {
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(`synchronizeAV: ${name} must be a positive number, got ${v}`);
    }
  }
  for (const [name, v] of [
    ['maxDelayToleranceMs', tolerance],
    ['audioLeadMs', lead],
  ] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new RangeError(`synchronizeAV: ${name} must be 0 or more, got ${v}`);
    }
  }
  const interval = 1000 / fps;
  const maxVideo = Math.max(1, Math.floor((fps * queueSizeMs) / 1000));
  const fpsWindow = Math.max(2, Math.floor(0.5 * fps));

  return (source) =>
    new Observable<SynchronizedAV>((subscriber) => {
      const audio = new Waiting<QueuedAudio>();
      const video = new Waiting<VideoFrame>();
      let queuedAudioMs = 0;
      let start: number | undefined; // scheduler time of media time 0 (first arrival + lead)
      let delay = 0; // how far stalls have shifted the clock, both kinds
      let audioBase: number | undefined; // a kind's own start offset (undefined: not begun)
      let videoBase: number | undefined;
      let audioMs = 0; // media time of the next audio frame: durations emitted so far
      let videoFrames = 0; // video frames emitted so far
      let lastAudioEndMs = 0;
      let lastVideoMs = 0;
      let droppedAudio = 0;
      let droppedVideo = 0;
      const sent: number[] = []; // scheduler times of the last `fpsWindow` video frames
      let index = 0;
      let inputDone = false;
      let timer: Subscription | undefined;
      let timerAt = NaN;

      const stats = (): AVSyncStats => {
        const n = sent.length;
        const span = n < 2 ? 0 : (sent[n - 1] as number) - (sent[0] as number);
        return {
          actualFps: span > 0 ? ((n - 1) * 1000) / span : 0,
          lastAudioTimeS: lastAudioEndMs / 1000,
          lastVideoTimeS: lastVideoMs / 1000,
          queuedAudioMs,
          queuedVideoFrames: video.length,
          droppedAudioFrames: droppedAudio,
          droppedVideoFrames: droppedVideo,
        };
      };
      // When the head of each kind is due: its presentation time on the clock, minus the lead
      // for audio. A kind that has not begun starts on the shared clock (base 0) or, if its
      // first frame is later than the tolerance, from that frame's arrival.
      const begin = (base: number | undefined, due: number, now: number): number =>
        base ?? (now - due > tolerance ? now - due : 0);
      const audioDue = (now: number): number => {
        const s = start as number;
        audioBase = begin(audioBase, s + audioMs + delay - lead, now);
        return s + audioMs + audioBase + delay - lead;
      };
      const videoDue = (now: number): number => {
        const s = start as number;
        videoBase = begin(videoBase, s + videoFrames * interval + delay, now);
        return s + videoFrames * interval + videoBase + delay;
      };

      const pump = (): void => {
        const now = scheduler.now();
        while (!subscriber.closed) {
          const a = audio.length > 0 ? audioDue(now) : Infinity;
          const v = video.length > 0 ? videoDue(now) : Infinity;
          const due = Math.min(a, v);
          if (due === Infinity) break;
          if (due > now) {
            if (timerAt !== due) {
              timer?.unsubscribe();
              timerAt = due;
              subscriber.add((timer = scheduler.schedule(wake, due - now)));
            }
            return;
          }
          if (now - due > tolerance) delay += now - due; // a stall: the clock waits, both kinds
          if (a <= v) {
            const { frame, ms } = audio.shift() as QueuedAudio;
            queuedAudioMs = audio.length === 0 ? 0 : queuedAudioMs - ms; // no float residue
            const at = audioMs + (audioBase as number) + delay;
            audioMs += ms;
            lastAudioEndMs = at + ms;
            subscriber.next({
              kind: 'audio',
              frame,
              timestampUs: Math.round(at * 1000),
              stats: stats(),
            });
          } else {
            const frame = video.shift() as VideoFrame;
            const at = videoFrames * interval + (videoBase as number) + delay;
            videoFrames++;
            lastVideoMs = at;
            sent.push(now);
            if (sent.length > fpsWindow) sent.shift();
            subscriber.next({
              kind: 'video',
              frame,
              timestampUs: Math.round(at * 1000),
              stats: stats(),
            });
          }
        }
        if (!subscriber.closed && inputDone && audio.length === 0 && video.length === 0) {
          subscriber.complete();
        }
      };
      // Unsubscribing the finished timer takes it out of the subscriber's finalizers: a long
      // stream arms thousands of timers, and a finished action would otherwise stay listed.
      const wake = (): void => {
        const done = timer;
        timer = undefined;
        timerAt = NaN;
        done?.unsubscribe();
        pump();
      };

      const overflowError = (bufferSize: number, i: number): void =>
        subscriber.error(
          new QueueOverflowError({ operator: 'synchronizeAV', bufferSize, index: i }),
        );

      subscriber.add(
        source.subscribe({
          next(item) {
            const i = index++;
            if (start === undefined) start = scheduler.now() + lead;
            if (item.kind === 'audio') {
              const { frame } = item;
              // Its duration comes from its rate: a NaN one would poison the queue's bound.
              const problem = checkFrame('synchronizeAV', i, frame, undefined, '');
              if (problem) return subscriber.error(problem);
              if (frame.samplesPerChannel === 0) return;
              const ms = (frame.samplesPerChannel / frame.sampleRate) * 1000;
              if (audio.length > 0 && queuedAudioMs + ms > queueSizeMs) {
                if (overflow === 'error') return overflowError(audio.length, i);
                if (overflow === 'drop-newest') {
                  droppedAudio++;
                  return;
                }
                while (audio.length > 0 && queuedAudioMs + ms > queueSizeMs) {
                  queuedAudioMs -= (audio.shift() as QueuedAudio).ms;
                  droppedAudio++;
                }
              }
              audio.items.push({ frame, ms });
              queuedAudioMs += ms;
            } else {
              if (video.length >= maxVideo) {
                if (overflow === 'error') return overflowError(maxVideo, i);
                droppedVideo++;
                if (overflow === 'drop-newest') return;
                video.shift();
              }
              video.items.push(item.frame);
            }
            pump();
          },
          error: (err) => subscriber.error(err),
          complete() {
            inputDone = true;
            pump();
          },
        }),
      );
      return () => {
        audio.items = [];
        video.items = [];
      };
    });
}
