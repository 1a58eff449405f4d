import { AudioFrame, TrackPublishOptions, TrackSource } from '@livekit/rtc-node';
import {
  asyncScheduler,
  concat,
  defer,
  filter,
  map,
  mergeMap,
  Observable,
  of,
  Subject,
  take,
  tap,
  type ObservableInput,
  type OperatorFunction,
  type SchedulerLike,
} from 'rxjs';
import { CaptureError } from '../errors/CaptureError';
import { QueueOverflowError } from '../errors/QueueOverflowError';
import { checkFormatOption } from '../internal/checkFormatOption';
import { checkFrame } from '../internal/checkFrame';
import { openPublication } from '../internal/openPublication';
import type { OverflowPolicy } from '../internal/OverflowPolicy';
import type { PublishAudioSource, PublishHooks } from '../internal/publishHooks';
import { assertRoomLike } from '../internal/watchRoom';
import { fillSilence } from '../operators/fillSilence';
import type { LocalPublicationOf, RoomLike } from '../room/RoomLike';
import {
  captureAudio,
  defaultBufferSize,
  defaultMaxQueuedMs,
  type AudioSourceLike,
  type CaptureEvent,
} from './captureAudio';
import type { PublishedEvent, UnpublishedEvent } from './PublicationEvent';

/** Options of {@link publishAudio}. */
export interface PublishAudioOptions {
  /** The track's name (default `'audio'`). */
  readonly name?: string;
  /** The AudioSource's rate: every frame must have it (default 48000). */
  readonly sampleRate?: number;
  /** The AudioSource's channel count: every frame must have it (default 1). */
  readonly numChannels?: number;
  /** The publication's source (default `TrackSource.SOURCE_MICROPHONE`). */
  readonly source?: TrackSource;
  /** The rest of rtc-node's `TrackPublishOptions` (`dtx`, `red`, `audioEncoding`, `stream`, ...). */
  readonly publishOptions?: ConstructorParameters<typeof TrackPublishOptions>[0];
  /**
   * The native AudioSource's queue, in ms (default 100; a positive multiple of 10, rtc-node
   * asserts it). Captures complete at once until this much audio waits to be played, then at
   * real-time pace. More absorbs event-loop stalls (an empty queue plays nothing: a gap);
   * less makes `waitForPlayout` estimates tighter. `interrupt$` clears it either way.
   */
  readonly queueSizeMs?: number;
  /**
   * How much audio may wait in livekit-rx's queue, before the AudioSource, in ms (default
   * 120000: 2 minutes, 11.5 MB at 48 kHz mono). Text-to-speech produces audio 5-20x faster than
   * real time: a whole spoken reply waits here (in JavaScript, where `interrupt$` drops it at
   * once) while the native queue stays at `queueSizeMs`.
   */
  readonly maxQueuedMs?: number;
  /**
   * How many frames may wait in livekit-rx's queue (default: 4 per 10 ms of `maxQueuedMs`, 48000
   * for 2 minutes, so frames of 2.5 ms and longer are bounded by `maxQueuedMs`).
   */
  readonly bufferSize?: number;
  /**
   * What a frame arriving to a full queue (`maxQueuedMs` or `bufferSize`) does (default
   * `'error'`: a `QueueOverflowError`; or `'drop-oldest'`, `'drop-newest'`).
   */
  readonly overflow?: OverflowPolicy;
  /**
   * Barge-in: each value discards every queued frame (a `dropped` event each, then an
   * `interrupted` event) and clears the AudioSource's queue, so playback stops within about
   * 10 ms. Frames that arrive afterwards are played: stop your producer too.
   */
  readonly interrupt$?: Observable<unknown>;
  /**
   * Keep the track fed with 10 ms silence frames while the input pauses, from the start (Pipecat's
   * auto-silence; default false). Silence is only added when the queue is empty and the source
   * is about to run dry, so it never delays your audio by more than one frame.
   */
  readonly silenceWhenIdle?: boolean;
  /** Silence appended after the last frame, before unpublishing, so the end is not cut (default 0). */
  readonly endSilenceMs?: number;
  /** The scheduler of `silenceWhenIdle` (default `asyncScheduler`; a TestRoom's sources use it too). */
  readonly scheduler?: SchedulerLike;
}

/** One of your frames was handed to the AudioSource. */
export interface AudioQueuedEvent {
  readonly type: 'queued';
  /** Zero-based index of the frame in your input. */
  readonly index: number;
  /** Its samples per channel. */
  readonly samplesPerChannel: number;
  /** Its duration in ms. */
  readonly durationMs: number;
  /** Audio in the AudioSource's queue after it, in ms (rtc-node's `queuedDuration` estimate). */
  readonly bufferedMs: number;
  /** Frames still waiting in livekit-rx's queue. */
  readonly pending: number;
}

/** One of your frames was discarded: by the overflow policy, or by an interruption. */
export interface AudioDroppedEvent {
  readonly type: 'dropped';
  /** Zero-based index of the frame in your input. */
  readonly index: number;
  /** Its samples per channel. */
  readonly samplesPerChannel: number;
  /** Its duration in ms. */
  readonly durationMs: number;
  /** What discarded it. */
  readonly policy: 'drop-oldest' | 'drop-newest' | 'interrupt';
  /** Frames still waiting in livekit-rx's queue. */
  readonly pending: number;
}

/** `interrupt$` emitted: queued frames discarded, the AudioSource's queue cleared. */
export interface AudioInterruptedEvent {
  readonly type: 'interrupted';
  /** How many of your queued frames were discarded (each had a `dropped` event). */
  readonly dropped: number;
  /** Their total duration in ms (the AudioSource's own queue, up to `queueSizeMs`, is cleared too). */
  readonly droppedMs: number;
}

/** Everything was played out; the track is unpublished next. */
export interface AudioPlayedOutEvent {
  readonly type: 'played-out';
  /** How many of your frames were queued in all. */
  readonly queued: number;
}

/** The events of {@link publishAudio}; `P` is the room's local publication type. */
export type PublishAudioEvent<P = LocalPublicationOf<RoomLike>> =
  | PublishedEvent<P>
  | AudioQueuedEvent
  | AudioDroppedEvent
  | AudioInterruptedEvent
  | AudioPlayedOutEvent
  | UnpublishedEvent;

const silenceMs = 10;

/**
 * Publishes audio frames as a local track: the subscription is the publication's lifetime.
 * Subscribing creates an `AudioSource` and a `LocalAudioTrack` and publishes it; frames are
 * captured in order through {@link captureAudio} (a queue bounded by `maxQueuedMs`, 2 minutes
 * by default, so a text-to-speech reply produced faster than real time fits; an overflow
 * policy; backpressure from the native queue); completing the input waits until everything has been played, then
 * unpublishes and closes track and source; unsubscribing unpublishes and closes them at once.
 *
 * Events: `published` (with the publication, for `muted()`), `queued` per frame handed to the
 * source, `dropped` per discarded frame, `interrupted` per `interrupt$` value, `played-out`, then
 * `unpublished` and complete. Frames that arrive before the track is published wait in the queue.
 * The room disconnecting ends the publication normally: `unpublished` with reason
 * `'room-disconnected'`, then complete (so does an `unpublishTrack` of this track elsewhere,
 * reason `'unpublished'`). A frame with another rate or channel count is a `FrameFormatError`; a
 * room that is not connected, or a rejected `publishTrack`, a {@link PublishError}. On a
 * `TestRoom` it runs in virtual time on a `TestAudioSource` (no native runtime).
 *
 * ```text
 * frames:        -a-b-------|
 * interrupt$:    ---------
 * publishAudio:  PQ-Q-------(OU|)     P = published, Q = queued, O = played-out, U = unpublished
 *
 * frames:        (abc)-------d-|
 * interrupt$:    ---i----------
 * publishAudio:  (PQ)(xIQ)---Q-(OU|)  x = c dropped, I = interrupted; a and b, already in the
 *                                     AudioSource, are cleared from it (b's capture then completes)
 * ```
 *
 * @example
 * ```ts
 * import { publishAudio, rechunk, resample } from 'livekit-rx';
 * ttsFrames$
 *   .pipe(
 *     resample(48000),
 *     rechunk(10),
 *     publishAudio(room, { name: 'agent-voice', interrupt$: userStartedSpeaking$, endSilenceMs: 200 }),
 *   )
 *   .subscribe((event) => {
 *     if (event.type === 'published') console.log('speaking on', event.sid);
 *   });
 * ```
 *
 * @param room - A connected room: rtc-node's `Room`, or a `TestRoom`.
 * @param options - Track name and format, publish options, queues, interruption, silence, scheduler.
 * @returns An operator from audio frames to {@link PublishAudioEvent}s.
 * @throws TypeError at once if `room` is not a room; RangeError at once for a format, queue size,
 *   buffer size or end silence that cannot work.
 */
export function publishAudio<R extends RoomLike>(
  room: R,
  options: PublishAudioOptions = {},
): OperatorFunction<AudioFrame, PublishAudioEvent<LocalPublicationOf<R>>> {
  assertRoomLike('publishAudio', room);
  const name = options.name ?? 'audio';
  const sampleRate = options.sampleRate ?? 48000;
  const numChannels = options.numChannels ?? 1;
  const queueSizeMs = options.queueSizeMs ?? 100;
  const maxQueuedMs = options.maxQueuedMs ?? defaultMaxQueuedMs;
  const endSilenceMs = options.endSilenceMs ?? 0;
  const scheduler = options.scheduler ?? asyncScheduler;
  assertOptions(
    sampleRate,
    numChannels,
    queueSizeMs,
    maxQueuedMs,
    options.bufferSize,
    endSilenceMs,
  );
  const bufferSize = options.bufferSize ?? defaultBufferSize(maxQueuedMs);
  const fill = options.silenceWhenIdle
    ? fillSilence({ frameMs: silenceMs, scheduler, sampleRate, numChannels })
    : undefined;
  const format = { sampleRate, numChannels };
  const hint =
    `The published AudioSource is ${sampleRate} Hz with ${numChannels} channel(s): resample or ` +
    `remix the frames first, or set publishAudio's sampleRate/numChannels.`;
  const durationMs = (frame: AudioFrame): number => (frame.samplesPerChannel * 1000) / sampleRate;

  const track = {
    name,
    create: (hooks: PublishHooks) =>
      hooks.createAudio({ name, sampleRate, numChannels, queueSizeMs, scheduler }),
    source: options.source,
    publishOptions: options.publishOptions,
    defaultSource: TrackSource.SOURCE_MICROPHONE,
  };

  type OwnEvent =
    AudioQueuedEvent | AudioDroppedEvent | AudioInterruptedEvent | AudioPlayedOutEvent;
  return (frames) =>
    openPublication<LocalPublicationOf<R>, OwnEvent, PublishAudioSource>(
      'publishAudio',
      room,
      track,
      (subscriber, source, publication, flow) => {
        // Captures wait until the track is published, so no audio is played into nothing.
        // (No closure per frame once published: that is every frame but the first few.)
        const afterPublished = (then: () => ObservableInput<unknown>): ObservableInput<unknown> =>
          publication.published$.pipe(mergeMap(then));
        const gated: AudioSourceLike = {
          sampleRate,
          numChannels,
          captureFrame: (frame) =>
            publication.isPublished
              ? source.captureFrame(frame)
              : afterPublished(() => source.captureFrame(frame)),
          waitForPlayout: () =>
            publication.isPublished
              ? source.waitForPlayout()
              : afterPublished(() => source.waitForPlayout()),
          clearQueue: () => source.clearQueue(),
        };

        // Your frames, told apart from inserted silence; capture index -> your index. Without
        // silence (neither silenceWhenIdle nor endSilenceMs) every capture is yours, at its index.
        const mixed = fill !== undefined || endSilenceMs > 0;
        const yours = new WeakSet<AudioFrame>();
        const indexOf = new Map<number, number>();
        const yourIndex = (captureIndex: number): number | undefined =>
          mixed ? take1(indexOf, captureIndex) : captureIndex;
        let received = 0;
        let fed = 0;
        let fedYours = 0;
        let settled = 0;
        let queued = 0;
        let interrupted = { dropped: 0, droppedMs: 0 };
        const settled$ = new Subject<void>();
        const idle = (): boolean => fed === settled;

        let input = frames.pipe(
          map((frame) => {
            const problem = checkFrame('publishAudio', received++, frame, format, hint);
            if (problem) throw problem;
            if (mixed) yours.add(frame);
            return frame;
          }),
        );
        if (fill !== undefined) {
          input = input.pipe(
            fill,
            filter((f) => yours.has(f) || (idle() && source.queuedDuration < silenceMs)),
          );
        }
        if (endSilenceMs > 0) {
          // Appended once everything queued has reached the source: it never overflows the queue.
          const end = defer(() => (idle() ? of(0) : settled$.pipe(filter(idle), take(1)))).pipe(
            map(() => silenceFrame(sampleRate, numChannels, endSilenceMs)),
          );
          input = concat(input, end);
        }

        const capture = input
          .pipe(
            tap((frame) => {
              const index = fed++;
              if (!mixed) fedYours++;
              else if (yours.has(frame)) indexOf.set(index, fedYours++);
            }),
            captureAudio(gated, {
              maxQueuedMs,
              bufferSize,
              overflow: options.overflow ?? 'error',
              waitForPlayout: true,
              ...(options.interrupt$ === undefined ? {} : { interrupt$: options.interrupt$ }),
            }),
          )
          .subscribe({
            next: (event: CaptureEvent) => {
              switch (event.type) {
                case 'captured': {
                  const index = yourIndex(event.index);
                  settled++;
                  if (index !== undefined) {
                    queued++;
                    subscriber.next({
                      type: 'queued',
                      index,
                      samplesPerChannel: event.frame.samplesPerChannel,
                      durationMs: durationMs(event.frame),
                      bufferedMs: source.queuedDuration,
                      pending: event.pending,
                    });
                  }
                  if (endSilenceMs > 0) settled$.next(); // only the end silence waits for it
                  return;
                }
                case 'dropped': {
                  const index = yourIndex(event.index);
                  settled++;
                  if (index !== undefined) {
                    const ms = durationMs(event.frame);
                    if (event.policy === 'interrupt') {
                      interrupted = {
                        dropped: interrupted.dropped + 1,
                        droppedMs: interrupted.droppedMs + ms,
                      };
                    }
                    subscriber.next({
                      type: 'dropped',
                      index,
                      samplesPerChannel: event.frame.samplesPerChannel,
                      durationMs: ms,
                      policy: event.policy,
                      pending: event.pending,
                    });
                  }
                  if (endSilenceMs > 0) settled$.next(); // only the end silence waits for it
                  return;
                }
                case 'interrupted':
                  subscriber.next({ type: 'interrupted', ...interrupted });
                  interrupted = { dropped: 0, droppedMs: 0 };
                  return;
                case 'played-out':
                  subscriber.next({ type: 'played-out', queued });
                  return;
              }
            },
            error: (err: unknown) =>
              subscriber.error(renamed(err, fedYours, (i) => (mixed ? indexOf.get(i) : i))),
            complete: () => publication.finish(),
          });
        flow.add(capture);
      },
    );
}

/** Reads and forgets one entry. */
function take1(map: Map<number, number>, key: number): number | undefined {
  const value = map.get(key);
  map.delete(key);
  return value;
}

/** captureAudio's errors, with your frame indexes instead of the capture's (which count silence). */
function renamed(
  err: unknown,
  fedYours: number,
  indexOf: (captureIndex: number) => number | undefined,
): unknown {
  if (err instanceof QueueOverflowError) {
    return new QueueOverflowError({ ...err.info, operator: 'publishAudio', index: fedYours - 1 });
  }
  if (err instanceof CaptureError) {
    const index = indexOf(err.info.frameIndex);
    if (index !== undefined && index !== err.info.frameIndex) {
      return new CaptureError({ ...err.info, frameIndex: index }, err.cause);
    }
  }
  return err;
}

function silenceFrame(sampleRate: number, numChannels: number, ms: number): AudioFrame {
  const samples = Math.max(1, Math.round((sampleRate * ms) / 1000));
  return new AudioFrame(new Int16Array(samples * numChannels), sampleRate, numChannels, samples);
}

function assertOptions(
  sampleRate: number,
  numChannels: number,
  queueSizeMs: number,
  maxQueuedMs: number,
  bufferSize: number | undefined,
  endSilenceMs: number,
): void {
  checkFormatOption('publishAudio', 'sampleRate', 'sampleRate', sampleRate);
  checkFormatOption('publishAudio', 'numChannels', 'numChannels', numChannels);
  const problems = [
    [
      Number.isInteger(queueSizeMs) && queueSizeMs > 0 && queueSizeMs % 10 === 0,
      `queueSizeMs must be a positive multiple of 10 (rtc-node asserts it), got ${queueSizeMs}`,
    ],
    [
      Number.isFinite(maxQueuedMs) && maxQueuedMs > 0,
      `maxQueuedMs must be a positive finite number, got ${maxQueuedMs}`,
    ],
    [
      bufferSize === undefined || (Number.isInteger(bufferSize) && bufferSize > 0),
      `bufferSize must be a positive integer, got ${bufferSize}`,
    ],
    [
      Number.isFinite(endSilenceMs) && endSilenceMs >= 0,
      `endSilenceMs must be 0 or more, got ${endSilenceMs}`,
    ],
  ] as const;
  for (const [ok, message] of problems) if (!ok) throw new RangeError(`publishAudio: ${message}`);
}
