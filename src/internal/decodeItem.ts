import { isLeft, left, type Either } from 'fp-ts/lib/Either.js';
import type { Codec } from '../codecs/Codec';
import { DecodeError } from '../errors/DecodeError';
import type { DataPacket } from '../sources/dataReceived';
import { decodeFailure } from './decodeFailure';
import { messageOf } from './messageOf';
import { utf8Encoder } from './utf8';

/** What `decode` and its variants accept: a received packet, its bytes, or text. */
export type Decodable = DataPacket | Uint8Array | string;

/**
 * Decodes one item with `codec`: a `Left` is located (the item's index, and a packet's sender
 * and topic); a codec that throws instead of returning a `Left` gives problem `'codec'`. Never
 * throws. Text is decoded from its UTF-8 bytes, as it arrived.
 * @internal
 */
export function decodeItem<T>(
  codec: Codec<T>,
  item: Decodable,
  index: number,
): Either<DecodeError, T> {
  let bytes: Uint8Array;
  let sender: string | undefined;
  let topic: string | undefined;
  if (item instanceof Uint8Array) bytes = item;
  else if (typeof item === 'string') bytes = utf8Encoder.encode(item);
  else {
    bytes = item.payload;
    sender = item.participant?.identity;
    topic = item.topic;
  }
  let result: Either<DecodeError, T>;
  try {
    result = codec.decode(bytes);
  } catch (cause) {
    result = decodeFailure(codec.name ?? 'custom', 'codec', messageOf(cause), bytes.length, cause);
  }
  if (!isLeft(result)) return result;
  const failure = result.left;
  const located =
    failure instanceof DecodeError
      ? failure.at({ index, sender, topic })
      : new DecodeError(
          {
            codec: codec.name ?? 'custom',
            problem: 'codec',
            detail: `the codec returned a Left that is not a DecodeError: ${messageOf(failure)}`,
            byteLength: bytes.length,
            index,
            sender,
            topic,
          },
          failure,
        );
  return left(located);
}
