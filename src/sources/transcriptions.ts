import { map, type Observable } from 'rxjs';
import { textStreamTopic } from '../internal/textStreamTopic';
import type { RoomLike } from '../room/RoomLike';

/** LiveKit's transcription topic and the attributes its text streams carry. */
const TOPIC = 'lk.transcription';
const TRACK = 'lk.transcribed_track_id';
const SEGMENT = 'lk.segment_id';
const FINAL = 'lk.transcription_final';

/** One update of a transcription segment. */
export interface TranscriptionUpdate {
  /** Who sent the transcription (usually the agent). */
  readonly senderIdentity: string;
  /** The transcribed track's sid (`lk.transcribed_track_id`), if given. */
  readonly trackSid: string | undefined;
  /** The segment id (`lk.segment_id`), falling back to the stream id. */
  readonly segmentId: string;
  /** The text of the segment so far. */
  readonly text: string;
  /** The text just received. */
  readonly delta: string;
  /** The segment's stream has ended. */
  readonly ended: boolean;
  /** The segment is final: ended, and marked `lk.transcription_final: 'true'`. */
  readonly final: boolean;
}

/**
 * Live transcriptions in the room, as LiveKit agents publish them: text streams on the
 * `lk.transcription` topic, one per segment. Emits an update per received chunk (with the text so
 * far) and one when the segment's stream ends. Completes when the room disconnects.
 *
 * Shares rtc-node's single handler for the topic among all subscribers (see
 * `TopicInUseError` if your code registered its own). Chunks arrive asynchronously, as on a real
 * room; with `TestRoom`, await the values rather than asserting marbles.
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
  return textStreamTopic('transcriptions', room, TOPIC).pipe(
    map((step) => {
      const attributes = step.info.attributes ?? {};
      return {
        senderIdentity: step.identity,
        trackSid: attributes[TRACK],
        segmentId: attributes[SEGMENT] ?? step.info.streamId,
        text: step.text,
        delta: step.delta,
        ended: step.ended,
        final: step.ended && attributes[FINAL] === 'true',
      };
    }),
  );
}
