import type { Observable } from 'rxjs';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';
import type { IncomingStreamsOptions } from '../sources/IncomingStreamsOptions';
import { joinTopic } from './dataStreamTopic';
import type { IncomingStreamState, StreamKind } from './IncomingStreamState';
import { assertBufferSize, tapChunks, type TapOptions } from './streamTap';
import { watchRoom } from './watchRoom';

/** What every incoming stream value has: its sender, and this subscription's view of its chunks. @internal */
export interface IncomingView<R extends RoomLike, Chunk> {
  readonly sender: string;
  readonly participant: RemoteParticipantOf<R> | undefined;
  readonly chunks$: Observable<Chunk>;
}

/**
 * What `textStreams` and `byteStreams` share: per subscription, the room's shared handler of the
 * topic joined (a {@link TopicInUseError} if it is someone else's), one value built per stream
 * that opens from a wanted sender, and the topic left on teardown; completes on `Disconnected`.
 * @internal
 */
export function watchStreams<R extends RoomLike, Chunk extends string | Uint8Array, T>(
  source: string,
  room: R,
  kind: StreamKind,
  options: IncomingStreamsOptions,
  defaultBufferSize: number,
  build: (stream: IncomingStreamState<Chunk>, view: IncomingView<R, Chunk>) => T,
): Observable<T> {
  const tap: TapOptions = {
    source,
    bufferSize: options.bufferSize ?? defaultBufferSize,
    overflow: options.overflow ?? 'error',
    droppedChunks: options.droppedChunks,
  };
  assertBufferSize(source, tap.bufferSize);
  if (typeof options.topic !== 'string') {
    throw new TypeError(`${source}: options.topic must be a string, got ${String(options.topic)}`);
  }
  const from =
    options.from === undefined
      ? undefined
      : new Set(typeof options.from === 'string' ? [options.from] : options.from);
  return watchRoom<T>(source, room, (subscriber) => {
    let leave: () => void;
    try {
      leave = joinTopic<Chunk>(source, room, kind, options.topic, {
        from,
        accept: (stream) =>
          subscriber.next(
            build(stream, {
              sender: stream.sender,
              participant: room.remoteParticipants.get(stream.sender) as
                RemoteParticipantOf<R> | undefined,
              chunks$: tapChunks(stream, tap),
            }),
          ),
      });
    } catch (err) {
      subscriber.error(err);
      return;
    }
    subscriber.add(leave);
  });
}
