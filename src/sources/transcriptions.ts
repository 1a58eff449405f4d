import { catchError, concat, defer, map, mergeMap, of, type Observable } from 'rxjs';
import { DataStreamError } from '../errors/DataStreamError';
import { textStreamsOf } from '../internal/textStreamsOf';
import {
  TRANSCRIPTION_FINAL,
  TRANSCRIPTION_SEGMENT,
  TRANSCRIPTION_TOPIC,
  TRANSCRIPTION_TRACK,
} from '../internal/transcriptionProtocol';
import type { RoomLike } from '../room/RoomLike';

/** One update of a transcription segment. */
export interface TranscriptionUpdate {
  /** Who sent the transcription (usually the agent). */
  readonly senderIdentity: string;
  /** The transcribed track's sid (`lk.transcribed_track_id`), if given. */
  readonly trackSid: string | undefined;
  /** The segment id (`lk.segment_id`), falling back to the stream id. */
  readonly segmentId: string;
  /** The text of the segment so far (of this stream: each stream of a segment carries its text). */
  readonly text: string;
  /** The text just received. */
  readonly delta: string;
  /** The segment's stream has ended (normally, or cut: see `error`). */
  readonly ended: boolean;
  /** The segment is final: ended, and marked `lk.transcription_final: 'true'`. */
  readonly final: boolean;
  /**
   * Why the stream was cut (the sender aborted or left, the room disconnected), on its last
   * update; `undefined` otherwise. A cut segment is never final, and the other segments go on.
   */
  readonly error: DataStreamError | undefined;
}

/**
 * Live transcriptions in the room, as LiveKit agents publish them (and `publishTranscription`
 * does): text streams on the `lk.transcription` topic, one per segment update, with the attributes
 * `lk.segment_id`, `lk.transcribed_track_id` and `lk.transcription_final`. Emits an update per
 * received chunk (with the text so far) and one when the stream ends; a stream cut short ends its
 * segment with an update carrying the `DataStreamError` (never final) and the others go on.
 * Completes when the room disconnects.
 *
 * Built on {@link textStreams}: shares rtc-node's single handler for the topic among all
 * subscribers (see `TopicInUseError` if your code registered its own). On a `TestRoom`, scripted
 * streams arrive in virtual time.
 *
 * ```text
 * room:                 --stream(seg1: "hel","lo" end)----x
 * transcriptions(room): --a------b-------c---------------|   (a: "hel", b: "hello", c: ended)
 * ```
 *
 * @example
 * ```ts
 * import { filter } from 'rxjs';
 * import { transcriptions } from 'livekit-rx';
 * transcriptions(room)
 *   .pipe(filter((t) => t.final))
 *   .subscribe((t) => console.log(`${t.senderIdentity}: ${t.text}`));
 * ```
 *
 * @param room - A connected room.
 * @returns Transcription updates; completes on disconnect.
 */
export function transcriptions(room: RoomLike): Observable<TranscriptionUpdate> {
  return textStreamsOf('transcriptions', room, { topic: TRANSCRIPTION_TOPIC }).pipe(
    mergeMap((stream) => {
      const attributes = stream.info.attributes ?? {};
      const base = {
        senderIdentity: stream.sender,
        trackSid: attributes[TRANSCRIPTION_TRACK],
        segmentId: attributes[TRANSCRIPTION_SEGMENT] ?? stream.info.streamId,
      };
      let text = '';
      const update = (delta: string, ended: boolean, final: boolean, error?: DataStreamError) => ({
        ...base,
        text,
        delta,
        ended,
        final,
        error,
      });
      return concat(
        stream.chunks$.pipe(
          map((delta) => {
            text += delta;
            return update(delta, false, false);
          }),
        ),
        defer(() => of(update('', true, attributes[TRANSCRIPTION_FINAL] === 'true'))),
      ).pipe(
        catchError((err: unknown) => {
          if (!(err instanceof DataStreamError)) throw err;
          return of(update('', true, false, err));
        }),
      );
    }),
  );
}
