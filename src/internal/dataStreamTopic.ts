import { TopicInUseError } from '../errors/TopicInUseError';
import type { RoomLike, StreamReaderLike } from '../room/RoomLike';
import { IncomingStreamState, type StreamKind } from './IncomingStreamState';

/** One subscriber of a topic: which senders it wants, and what it does with each stream. @internal */
export interface TopicListener<Chunk extends string | Uint8Array> {
  /** Only streams from these identities (all when undefined). */
  readonly from: ReadonlySet<string> | undefined;
  /** Takes a stream as it opens; it must attach its listeners before returning. */
  accept(stream: IncomingStreamState<Chunk>): void;
}

type AnyListener = TopicListener<string> | TopicListener<Uint8Array>;
const registries = new WeakMap<RoomLike, Map<string, Set<AnyListener>>>();

/**
 * The number of livekit-rx subscribers on a room's topic (0 when none: no handler registered).
 * For tests.
 * @internal
 */
export function topicListenerCount(room: RoomLike, kind: StreamKind, topic: string): number {
  return registries.get(room)?.get(`${kind}:${topic}`)?.size ?? 0;
}

/**
 * Joins the shared handler of a room's text or byte stream topic. rtc-node allows one handler
 * per topic, so the first subscriber (per room, kind and topic) registers it, every subscriber
 * whose `from` matches receives every stream that opens while it is there, and the last one to
 * leave unregisters it (streams already open go on). A stream that no subscriber wants is closed
 * at once, unread; one that some want is read to its end, whoever is still listening, so no
 * native reader is left open.
 *
 * @returns Leaves the topic (idempotent).
 * @throws TopicInUseError when a handler that is not livekit-rx's holds the topic.
 * @internal
 */
export function joinTopic<Chunk extends string | Uint8Array>(
  source: string,
  room: RoomLike,
  kind: StreamKind,
  topic: string,
  listener: TopicListener<Chunk>,
): () => void {
  let byTopic = registries.get(room);
  if (byTopic === undefined) registries.set(room, (byTopic = new Map()));
  const key = `${kind}:${topic}`;
  let listeners = byTopic.get(key) as Set<TopicListener<Chunk>> | undefined;
  if (listeners === undefined) {
    const fresh = new Set<TopicListener<Chunk>>();
    const handler = (reader: StreamReaderLike<Chunk>, participant: { identity: string }): void =>
      dispatch(room, kind, fresh, reader, participant.identity);
    try {
      if (kind === 'text') room.registerTextStreamHandler(topic, handler as never);
      else room.registerByteStreamHandler(topic, handler as never);
    } catch (err) {
      throw new TopicInUseError({ source, topic, streamKind: kind }, err);
    }
    byTopic.set(key, fresh as Set<AnyListener>);
    listeners = fresh;
  }
  const mine = listeners;
  mine.add(listener);
  let left = false;
  return () => {
    if (left) return;
    left = true;
    mine.delete(listener);
    if (mine.size > 0 || byTopic.get(key) !== mine) return;
    byTopic.delete(key);
    if (kind === 'text') room.unregisterTextStreamHandler(topic);
    else room.unregisterByteStreamHandler(topic);
  };
}

function dispatch<Chunk extends string | Uint8Array>(
  room: RoomLike,
  kind: StreamKind,
  listeners: ReadonlySet<TopicListener<Chunk>>,
  reader: StreamReaderLike<Chunk>,
  sender: string,
): void {
  const takers = [...listeners].filter((l) => l.from === undefined || l.from.has(sender));
  if (takers.length === 0) {
    // Nobody wants it: release the native reader now rather than read it for nothing.
    void reader.close?.().catch(() => undefined);
    return;
  }
  const stream = new IncomingStreamState<Chunk>(room, kind, reader, sender);
  for (const taker of takers) taker.accept(stream);
  stream.start();
}
