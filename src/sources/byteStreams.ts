import type { ByteStreamInfo } from '@livekit/rtc-node';
import { Observable } from 'rxjs';
import { baseStreamInfo, type IncomingStreamState } from '../internal/IncomingStreamState';
import { watchStreams } from '../internal/watchStreams';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';
import type { IncomingStreamsOptions } from './IncomingStreamsOptions';

/** How much of an incoming byte stream has arrived. */
export interface ReceiveProgress {
  /** Bytes received so far. */
  readonly bytesReceived: number;
  /** The size the sender declared (`info.size`), if any. */
  readonly totalSize: number | undefined;
  /** `bytesReceived / totalSize` (0 to 1), when the size is known. */
  readonly fraction: number | undefined;
}

/** One incoming byte stream (a file, an image, a blob): its header, sender, chunks and progress. */
export interface IncomingByteStream<R extends RoomLike = RoomLike> {
  /** The stream's header: id, name, MIME type, topic, timestamp, size (if declared), attributes. */
  readonly info: ByteStreamInfo;
  /** The sender's identity. */
  readonly sender: string;
  /** The sender, if still in the room when the stream opened. */
  readonly participant: RemoteParticipantOf<R> | undefined;
  /**
   * The chunks as they arrive (rtc-node's 15 kB pieces); completes at the end, errors with a
   * `DataStreamError` if the stream is cut. Hot, with a bounded wait for its first subscriber
   * (`bufferSize`, default 64 chunks, then the `overflow` policy): a 1 GB file is never held in
   * memory; write each chunk out as it comes (`concatMapBounded` for an asynchronous writer).
   */
  readonly chunks$: Observable<Uint8Array>;
  /**
   * The progress: the current value at once, then one per chunk received (whether or not
   * `chunks$` is subscribed); completes at the end, errors like `chunks$`.
   */
  readonly progress$: Observable<ReceiveProgress>;
}

/**
 * Every byte stream (file transfer) that opens on `topic` while subscribed, as an
 * {@link IncomingByteStream}: its header (`info.name`, `mimeType`, `totalSize`, `attributes`),
 * its chunks, and its progress. Shares rtc-node's one handler per topic among all subscribers,
 * each of which gets every stream (`TopicInUseError` if your code registered the topic itself);
 * each stream is read to its end whoever listens, so no native reader is left open, and a stream
 * no subscriber wants is closed unread. Completes when the room disconnects. On a `TestRoom`,
 * scripted streams arrive in virtual time.
 *
 * ```text
 * room:                      ---F(c1,c2,c3)--------x        (bob sends a file of 3 chunks)
 * byteStreams(room, {...}):  ---F------------------|
 * F.chunks$:                    -1--2--3|
 * F.progress$:                  0-a--b--(c|)                 (a = 1/3, b = 2/3, c = 3/3)
 * ```
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * import { finalize, mergeMap, tap } from 'rxjs';
 * import { byteStreams } from 'livekit-rx';
 * byteStreams(room, { topic: 'files' })
 *   .pipe(
 *     mergeMap((file) => {
 *       const out = createWriteStream(`received-${file.info.name}`);
 *       file.progress$.subscribe((p) => console.log(`${file.info.name}: ${p.bytesReceived} B`));
 *       return file.chunks$.pipe(finalize(() => out.end()), tap((chunk) => out.write(chunk)));
 *     }),
 *   )
 *   .subscribe();
 * ```
 *
 * @param room - A connected room: rtc-node's `Room`, or a `TestRoom`.
 * @param options - The topic, which senders, and how long a stream's chunks wait for a subscriber.
 * @returns One value per incoming stream; completes on disconnect.
 * @throws TypeError at once if `room` is not a room or `topic` not a string; RangeError for a
 *   `bufferSize` that is not a whole number >= 1.
 */
export function byteStreams<R extends RoomLike>(
  room: R,
  options: IncomingStreamsOptions,
): Observable<IncomingByteStream<R>> {
  return watchStreams<R, Uint8Array, IncomingByteStream<R>>(
    'byteStreams',
    room,
    'byte',
    options,
    64,
    (stream, view) => ({
      ...view,
      info: { ...baseStreamInfo(stream.info), name: stream.info.name ?? 'unknown' },
      progress$: progressOf(stream),
    }),
  );
}

/** The progress: the current value at once, then one per chunk; ends with the stream. */
function progressOf(stream: IncomingStreamState<Uint8Array>): Observable<ReceiveProgress> {
  const totalSize = stream.info.totalSize;
  const progress = (): ReceiveProgress => ({
    bytesReceived: stream.bytes,
    totalSize,
    fraction: totalSize === undefined || totalSize === 0 ? undefined : stream.bytes / totalSize,
  });
  return new Observable<ReceiveProgress>((subscriber) => {
    subscriber.next(progress());
    return stream.attach({
      chunk: () => subscriber.next(progress()),
      end: (error) => (error === undefined ? subscriber.complete() : subscriber.error(error)),
    });
  });
}
