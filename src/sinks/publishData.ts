import type { OperatorFunction } from 'rxjs';
import { DataSendError } from '../errors/DataSendError';
import { PayloadTooLargeError } from '../errors/PayloadTooLargeError';
import { QueueOverflowError } from '../errors/QueueOverflowError';
import { RecipientNotFoundError } from '../errors/RecipientNotFoundError';
import { BoundedQueue, OVERFLOWED, QUEUED } from '../internal/BoundedQueue';
import type { DroppedFramesObserver } from '../internal/boundedDelivery';
import { dataHooksOf, type DataHooks, type DataSendOptions } from '../internal/dataHooks';
import { checkDestinations, missingRecipients, PACKET_PAYLOAD_LIMIT } from '../internal/dataLimits';
import { messageOf } from '../internal/messageOf';
import type { OverflowPolicy } from '../internal/OverflowPolicy';
import { utf8Encoder } from '../internal/utf8';
import { assertRoomLike, watchRoom } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';

/** Options of {@link publishData}. */
export interface PublishDataOptions {
  /** The packets' topic (receivers filter on it: `dataReceived(room, { topic })`). */
  readonly topic?: string;
  /** Reliable (ordered, retransmitted; the default) or lossy (sent once, unordered). */
  readonly reliable?: boolean;
  /** Who receives the packets (default: everyone in the room). Each must be in the room. */
  readonly destinationIdentities?: readonly string[];
  /** How many payloads may wait while one is being sent (default 1000). */
  readonly bufferSize?: number;
  /** What a full queue does with an arriving payload (default `'error'`: data is not shed silently). */
  readonly overflow?: OverflowPolicy;
  /** Told the running total of payloads dropped by the overflow policy. */
  readonly dropped?: DroppedFramesObserver;
  /**
   * The largest payload sent, in bytes (default 15,360: LiveKit's limit for one packet). Larger
   * payloads fail with a `PayloadTooLargeError`. For lossy packets consider 1,300 (one network
   * MTU less headers): a larger lossy packet is split in several, and losing any loses it all.
   */
  readonly maxPayloadBytes?: number;
}

/** One payload sent: rtc-node's `publishData` for it has resolved. */
export interface DataSentEvent {
  /** Zero-based index of the payload in the input (gaps: dropped by the overflow policy). */
  readonly index: number;
  /** Its size in bytes (UTF-8 for a string). */
  readonly byteLength: number;
  readonly topic: string | undefined;
  readonly reliable: boolean;
  /** Who it was for (empty: everyone). */
  readonly destinationIdentities: readonly string[];
  /** How many payloads still wait to be sent. */
  readonly pending: number;
}

interface Queued {
  readonly bytes: Uint8Array;
  readonly index: number;
}

/**
 * Publishes each payload (bytes, or a string as UTF-8) as a data packet, in order, one send in
 * flight at a time: the subscription is the lifetime of the sending. Emits a
 * {@link DataSentEvent} as each send completes, and completes once the input has completed and
 * the last payload is sent. Payloads that arrive while one is being sent wait in a queue of at
 * most `bufferSize`; when it is full the `overflow` policy applies (`'error'` by default:
 * a `QueueOverflowError`). Before anything is sent, a payload over the packet limit fails with a
 * `PayloadTooLargeError` and a destination that is not in the room with a
 * `RecipientNotFoundError`: never a native failure or a packet the server drops silently. rtc-node
 * refusing a send is a `DataSendError` (`'rejected'`); the room disconnecting with payloads
 * unsent is a `DataSendError` (`'room-disconnected'`), or completion if nothing was left.
 * Unsubscribing stops sending (a send in flight finishes natively; its result is ignored).
 *
 * A payload's bytes are read when its turn comes: do not reuse a buffer you have emitted.
 *
 * ```text
 * payloads:      -a-b-c---|
 * publishData:   -a-b-c---|     (a = DataSentEvent for payload a, once rtc-node has sent it)
 * ```
 *
 * @example
 * ```ts
 * import { encode, jsonCodec, publishData } from 'livekit-rx';
 * cursor$
 *   .pipe(
 *     encode(jsonCodec<{ x: number; y: number }>()),
 *     publishData(room, { topic: 'cursor', reliable: false, overflow: 'drop-oldest', bufferSize: 1 }),
 *   )
 *   .subscribe({ error: (err) => console.error(err.message) });
 * ```
 *
 * @param room - A connected room.
 * @param options - Topic, reliability, destinations, queue bound and policy, size limit.
 * @returns An operator from payloads to {@link DataSentEvent}s.
 * @throws RangeError at once for a `bufferSize` or `maxPayloadBytes` that is not a positive
 *   integer; TypeError for a room that is not one or destinations that are not identities.
 */
export function publishData(
  room: RoomLike,
  options: PublishDataOptions = {},
): OperatorFunction<Uint8Array | string, DataSentEvent> {
  assertRoomLike('publishData', room);
  const bufferSize = options.bufferSize ?? 1000;
  const reliable = options.reliable ?? true;
  const limit = options.maxPayloadBytes ?? PACKET_PAYLOAD_LIMIT;
  for (const [name, value] of [
    ['bufferSize', bufferSize],
    ['maxPayloadBytes', limit],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`publishData: ${name} must be a positive integer, got ${value}`);
    }
  }
  const overflow = options.overflow ?? 'error';
  const topic = options.topic;
  const destinationIdentities = checkDestinations('publishData', options.destinationIdentities);
  const sendOptions: DataSendOptions = { reliable, topic, destinationIdentities };

  return (input) =>
    watchRoom<DataSentEvent>(
      'publishData',
      room,
      (subscriber, listen) => {
        const hooks = dataHooksOf(room) as DataHooks;
        const queue = new BoundedQueue<Queued>(bufferSize);
        let received = 0;
        let dropped = 0;
        let current: Queued | undefined; // the send in flight
        let pumping = false;
        let inputDone = false;

        const sent = (error?: unknown): void => {
          if (subscriber.closed) return; // a send that outlived the subscription
          const item = current as Queued;
          current = undefined;
          if (error !== undefined) {
            return subscriber.error(
              new DataSendError(
                {
                  sink: 'publishData',
                  reason: 'rejected',
                  index: item.index,
                  unsent: 1 + queue.length,
                  detail: messageOf(error),
                },
                error,
              ),
            );
          }
          subscriber.next({
            index: item.index,
            byteLength: item.bytes.byteLength,
            topic,
            reliable,
            destinationIdentities,
            pending: queue.length,
          });
          pump();
        };

        // Sends waiting payloads one at a time. Re-entrant calls (a send that completes
        // synchronously, as on a TestRoom) return at once and the outer loop goes on.
        const pump = (): void => {
          if (pumping) return;
          pumping = true;
          try {
            while (current === undefined && !subscriber.closed) {
              const item = queue.shift();
              if (item === undefined) {
                if (inputDone) subscriber.complete();
                return;
              }
              const missing = missingRecipients(room, destinationIdentities);
              if (missing !== undefined) {
                return subscriber.error(
                  new RecipientNotFoundError({
                    sink: 'publishData',
                    index: item.index,
                    missing,
                    present: [...room.remoteParticipants.keys()],
                  }),
                );
              }
              current = item;
              try {
                hooks.publishData(item.bytes, sendOptions, sent);
              } catch (err) {
                sent(err ?? new Error('publishData threw'));
              }
            }
          } finally {
            pumping = false;
          }
        };

        listen('disconnected', () => {
          const unsent = queue.length + (current === undefined ? 0 : 1);
          if (unsent === 0) return subscriber.complete();
          const first = current ?? (queue.peek() as Queued);
          subscriber.error(
            new DataSendError({
              sink: 'publishData',
              reason: 'room-disconnected',
              index: first.index,
              unsent,
              detail: undefined,
            }),
          );
        });

        const upstream = input.subscribe({
          next(payload) {
            if (subscriber.closed) return;
            const index = received++;
            const bytes = typeof payload === 'string' ? utf8Encoder.encode(payload) : payload;
            if (bytes.byteLength > limit) {
              return subscriber.error(
                new PayloadTooLargeError({
                  sink: 'publishData',
                  index,
                  byteLength: bytes.byteLength,
                  limit,
                  reliable,
                  topic,
                }),
              );
            }
            const outcome = queue.offer({ bytes, index }, overflow);
            if (outcome === OVERFLOWED) {
              return subscriber.error(
                new QueueOverflowError({ operator: 'publishData', bufferSize, index }),
              );
            }
            if (outcome !== QUEUED) options.dropped?.next(++dropped);
            pump();
          },
          error: (err: unknown) => subscriber.error(err),
          complete() {
            inputDone = true;
            pump();
          },
        });
        subscriber.add(() => {
          upstream.unsubscribe();
          queue.clear();
        });
      },
      () => undefined, // the 'disconnected' listener above decides
    );
}
