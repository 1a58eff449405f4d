import { Observable, type Subscriber } from 'rxjs';
import { TopicInUseError } from '../errors/TopicInUseError';
import type { RoomLike, StreamReaderLike } from '../room/RoomLike';
import { watchRoom } from './watchRoom';

/** One step of an incoming text stream: a chunk, or its end. */
export interface TextStreamStep {
  readonly info: StreamReaderLike<string>['info'];
  /** The sender's identity. */
  readonly identity: string;
  /** The chunk just received (`''` at the end). */
  readonly delta: string;
  /** Everything received on this stream so far. */
  readonly text: string;
  /** Whether the stream has ended. */
  readonly ended: boolean;
}

type Listener = Subscriber<TextStreamStep>;
const topics = new WeakMap<RoomLike, Map<string, Set<Listener>>>();

/**
 * The text streams arriving on `topic`, chunk by chunk, shared: rtc-node allows one handler per
 * topic, so the first subscriber (per room and topic) registers it, every subscriber receives
 * every step, and the last one to leave unregisters it. Each reader is read to its end once,
 * whoever is listening.
 */
export function textStreamTopic(
  source: string,
  room: RoomLike,
  topic: string,
): Observable<TextStreamStep> {
  return watchRoom<TextStreamStep>(source, room, (subscriber) => {
    let byTopic = topics.get(room);
    if (byTopic === undefined) topics.set(room, (byTopic = new Map()));
    let listeners = byTopic.get(topic);
    if (listeners === undefined) {
      const fresh = new Set<Listener>();
      try {
        room.registerTextStreamHandler(topic, (reader, sender) => {
          void readToEnd(reader, sender.identity, fresh);
        });
      } catch (err) {
        subscriber.error(new TopicInUseError({ source, topic, streamKind: 'text' }, err));
        return;
      }
      byTopic.set(topic, (listeners = fresh));
    }
    const mine = listeners;
    mine.add(subscriber);
    subscriber.add(() => {
      mine.delete(subscriber);
      if (mine.size > 0 || byTopic.get(topic) !== mine) return;
      byTopic.delete(topic);
      room.unregisterTextStreamHandler(topic);
    });
  });
}

async function readToEnd(
  reader: StreamReaderLike<string>,
  identity: string,
  listeners: ReadonlySet<Listener>,
): Promise<void> {
  const send = (step: TextStreamStep): void => {
    for (const listener of [...listeners]) listener.next(step);
  };
  let text = '';
  try {
    for await (const delta of reader) {
      text += delta;
      send({ info: reader.info, identity, delta, text, ended: false });
    }
    send({ info: reader.info, identity, delta: '', text, ended: true });
  } catch (err) {
    for (const listener of [...listeners]) listener.error(err);
  }
}
