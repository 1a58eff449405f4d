import type { Either } from 'fp-ts/lib/Either.js';
import { map, type OperatorFunction } from 'rxjs';
import type { Codec } from '../codecs/Codec';
import type { DecodeError } from '../errors/DecodeError';
import { decodeItem, type Decodable } from '../internal/decodeItem';

/**
 * Decodes each packet, byte array or string with a codec into an fp-ts `Either`: `Right` with
 * the value, or `Left` with a {@link DecodeError} that names the item (its index in the stream,
 * a packet's sender and topic, its size) and what the parser said. A malformed item is a value,
 * not an error: the stream goes on (DESIGN.md rule 8). Errors and completion pass through.
 * See `decodeOrSkip` to drop bad items and `decodeStrict` to end with the first.
 *
 * ```text
 * dataReceived:        --p0--p1--p2--|     (p1: malformed)
 * decode(codec):       --R---L---R---|     (L.info: { index: 1, sender, topic, problem })
 * ```
 *
 * @example
 * ```ts
 * import { either } from 'fp-ts';
 * import { dataReceived, decode, jsonCodec } from 'livekit-rx';
 * dataReceived(room, { topic: 'state' })
 *   .pipe(decode(jsonCodec<{ volume: number }>()))
 *   .subscribe(
 *     either.match(
 *       (err) => console.warn(err.message),
 *       (state) => setVolume(state.volume),
 *     ),
 *   );
 * ```
 *
 * @param codec - The codec (`jsonCodec`, `protobufCodec`, `textCodec`, or your own).
 * @returns An operator from packets, bytes or text to `Either<DecodeError, T>`.
 */
export function decode<T>(codec: Codec<T>): OperatorFunction<Decodable, Either<DecodeError, T>> {
  return map((item, index) => decodeItem(codec, item, index));
}
