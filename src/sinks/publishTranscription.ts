import { randomUUID } from 'node:crypto';
import { catchError, defer, map, Observable, throwError, type OperatorFunction } from 'rxjs';
import { DataStreamError } from '../errors/DataStreamError';
import { QueueOverflowError } from '../errors/QueueOverflowError';
import type { DroppedFramesObserver } from '../internal/boundedDelivery';
import type { DataStreamHooks } from '../internal/dataStreamHooks';
import type { OverflowPolicy } from '../internal/OverflowPolicy';
import { destinationsOf, sendPreflight } from '../internal/sendPreflight';
import { sinkBufferSize } from '../internal/streamSendOptions';
import {
  TRANSCRIPTION_FINAL,
  TRANSCRIPTION_SEGMENT,
  TRANSCRIPTION_TOPIC,
  TRANSCRIPTION_TRACK,
} from '../internal/transcriptionProtocol';
import { assertRoomLike, watchRoom } from '../internal/watchRoom';
import { concatMapBounded } from '../operators/concatMapBounded';
import type { RoomLike } from '../room/RoomLike';

/** One transcription result to publish: a segment's text so far, interim or final. */
export interface TranscriptionSegmentInput {
  /** The segment's text (all of it so far: each update replaces the previous one). */
  readonly text: string;
  /** Whether this is the segment's final text. */
  readonly final: boolean;
  /**
   * The segment's id: every update of a segment carries the same. Default: one id per run of
   * updates, a new one after each final.
   */
  readonly id?: string;
  /** Start of the segment, in ms of the track's audio (the packet's `startTime`; default 0). */
  readonly startTime?: number | bigint;
  /** End of the segment, in ms (default 0). */
  readonly endTime?: number | bigint;
  /** Its language (a BCP 47 tag, `'en'`; default `''`). */
  readonly language?: string;
}

/** Options of {@link publishTranscription}. */
export interface PublishTranscriptionOptions {
  /** The transcribed track's sid (`lk.transcribed_track_id`, the packet's `trackSid`). */
  readonly trackSid?: string;
  /** Whose speech it is, for the packet (default: the local participant). */
  readonly participantIdentity?: string;
  /**
   * How to publish: `'text-stream'` (default: LiveKit agents' protocol, one text stream per update
   * on `lk.transcription`, which `transcriptions()` and LiveKit's frontends read), `'packet'`
   * (rtc-node's `publishTranscription`: a transcription data packet, which older frontends read
   * and rtc-node 1.1.0 does not surface to receivers), or `'both'`.
   */
  readonly via?: 'text-stream' | 'packet' | 'both';
  /** Only these participants receive the text streams (packets go to everyone). */
  readonly destinationIdentities?: readonly string[];
  /** Fail with `RecipientNotFoundError` when a destination is absent (default true). */
  readonly checkDestinations?: boolean;
  /** Updates that may wait while one is sent (default 100). */
  readonly bufferSize?: number;
  /** What an update arriving to a full queue does (default `'error'`: a `QueueOverflowError`). */
  readonly overflow?: OverflowPolicy;
  /** Told the running total of updates dropped by a drop policy. */
  readonly droppedSegments?: DroppedFramesObserver;
}

/** An update was published. */
export interface TranscriptionSentEvent {
  readonly type: 'sent';
  /** Zero-based index of the update in your input. */
  readonly index: number;
  readonly segmentId: string;
  readonly text: string;
  readonly final: boolean;
  /** The text stream's id (`via` `'text-stream'` or `'both'`). */
  readonly streamId: string | undefined;
}

/**
 * Publishes transcription results (speech-to-text output) into the room, one update at a time in
 * order: by default as LiveKit agents do, one text stream per update on `lk.transcription` with
 * the attributes `lk.segment_id`, `lk.transcribed_track_id` and `lk.transcription_final` (so
 * `transcriptions()` on the other side, and LiveKit's frontends, receive it); with `via: 'packet'`
 * (or `'both'`) as rtc-node's `localParticipant.publishTranscription` does, a transcription
 * packet with the segment's id, text, times, language and final flag. Each update carries the
 * segment's whole text so far (rtc-node 1.1.0 cannot mark a stream final when it ends, so a
 * segment whose text is streamed token by token with `streamText` cannot be finalised: publish
 * its final text here). Emits `sent` per update; completes when the input has and everything is
 * sent. A send that fails ends the sink with a `DataStreamError`; the room disconnecting, with
 * `'room-disconnected'`. On a `TestRoom` it runs in virtual time and `room.sent$` records it.
 *
 * ```text
 * stt results:           -i1--i2--f----|      (interim, interim, final of one segment)
 * publishTranscription:  -a---b---c----|      (a, b, c: sent, all with the same segmentId)
 * ```
 *
 * @example
 * ```ts
 * import { map } from 'rxjs';
 * import { publishTranscription } from 'livekit-rx';
 * sttResults$
 *   .pipe(
 *     map((r) => ({ text: r.transcript, final: r.isFinal })),
 *     publishTranscription(room, { trackSid: userMicSid }),
 *   )
 *   .subscribe();
 * ```
 *
 * @param room - A connected room: rtc-node's `Room`, or a `TestRoom`.
 * @param options - The track, whose speech, how to publish, destinations, the queue's bound.
 * @returns An operator from segment updates to {@link TranscriptionSentEvent}s.
 * @throws TypeError at once if `room` is not a room or `via` unknown; RangeError for a
 *   `bufferSize` that is not a whole number >= 1.
 */
export function publishTranscription(
  room: RoomLike,
  options: PublishTranscriptionOptions = {},
): OperatorFunction<TranscriptionSegmentInput, TranscriptionSentEvent> {
  assertRoomLike('publishTranscription', room);
  const via = options.via ?? 'text-stream';
  if (via !== 'text-stream' && via !== 'packet' && via !== 'both') {
    throw new TypeError(
      `publishTranscription: via must be 'text-stream', 'packet' or 'both', got ${String(via)}`,
    );
  }
  const destinations = destinationsOf('publishTranscription', options.destinationIdentities);
  const bufferSize = sinkBufferSize('publishTranscription', options.bufferSize, 100);
  const trackSid = options.trackSid ?? '';
  return (updates) =>
    defer(() => {
      const hooks = sendPreflight(
        'publishTranscription',
        room,
        destinations,
        options.checkDestinations ?? true,
      );
      let current: string | undefined;
      const failure = (
        problem: 'write-failed' | 'room-disconnected',
        index: number,
        cause?: unknown,
      ) =>
        new DataStreamError(
          {
            source: 'publishTranscription',
            streamKind: 'text',
            direction: 'outgoing',
            problem,
            topic: TRANSCRIPTION_TOPIC,
            streamId: undefined,
            sender: undefined,
            chunks: index,
            bytes: 0,
            detail: cause instanceof Error ? cause.message : undefined,
          },
          cause,
        );
      const sendOne = (update: Identified, index: number): Observable<TranscriptionSentEvent> =>
        new Observable<TranscriptionSentEvent>((subscriber) => {
          const settle = (err: unknown, streamId?: string): void => {
            if (subscriber.closed) return;
            if (err !== undefined) {
              const problem = room.isConnected ? 'write-failed' : 'room-disconnected';
              subscriber.error(failure(problem, index, err));
              return;
            }
            const { segmentId, text, final } = update;
            subscriber.next({ type: 'sent', index, segmentId, text, final, streamId });
            subscriber.complete();
          };
          const stream = (): void => {
            const attributes: Record<string, string> = {
              [TRANSCRIPTION_SEGMENT]: update.segmentId,
              [TRANSCRIPTION_FINAL]: String(update.final),
            };
            if (trackSid !== '') attributes[TRANSCRIPTION_TRACK] = trackSid;
            hooks.sendText(
              update.text,
              {
                topic: TRANSCRIPTION_TOPIC,
                attributes,
                destinationIdentities: destinations,
                streamId: undefined,
              },
              (err, info) => settle(err, info?.streamId),
            );
          };
          if (via === 'text-stream') {
            stream();
            return;
          }
          packet(hooks, room, options.participantIdentity, trackSid, update, (err) => {
            if (err !== undefined || via === 'packet') settle(err);
            else if (!subscriber.closed) stream();
          });
        });
      const sent$ = updates.pipe(
        map((update): Identified => {
          const segmentId = update.id ?? (current ??= `SG_${randomUUID()}`);
          if (update.final) current = undefined;
          return { ...update, segmentId };
        }),
        concatMapBounded(sendOne, {
          bufferSize,
          overflow: options.overflow ?? 'error',
          ...(options.droppedSegments === undefined ? {} : { dropped: options.droppedSegments }),
        }),
        catchError((err: unknown) =>
          throwError(() =>
            err instanceof QueueOverflowError && err.info.operator === 'concatMapBounded'
              ? new QueueOverflowError({ ...err.info, operator: 'publishTranscription' })
              : err,
          ),
        ),
      );
      return watchRoom<TranscriptionSentEvent>(
        'publishTranscription',
        room,
        (subscriber) => subscriber.add(sent$.subscribe(subscriber)),
        (subscriber) => subscriber.error(failure('room-disconnected', 0)),
      );
    });
}

interface Identified extends TranscriptionSegmentInput {
  readonly segmentId: string;
}

function packet(
  hooks: DataStreamHooks,
  room: RoomLike,
  participantIdentity: string | undefined,
  trackSid: string,
  update: Identified,
  done: (err: unknown) => void,
): void {
  hooks.publishTranscription(
    {
      participantIdentity: participantIdentity ?? room.localParticipant?.identity ?? '',
      trackSid,
      segments: [
        {
          id: update.segmentId,
          text: update.text,
          startTime: BigInt(update.startTime ?? 0),
          endTime: BigInt(update.endTime ?? 0),
          language: update.language ?? '',
          final: update.final,
        },
      ],
    },
    (err) => done(err),
  );
}
