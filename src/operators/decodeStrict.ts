import { Observable, type OperatorFunction } from 'rxjs';
import type { Codec } from '../codecs/Codec';
import { decodeItem, type Decodable } from '../internal/decodeItem';

/**
 * Decodes each packet, byte array or string with a codec and emits the values, ending the stream
 * with the first item's {@link DecodeError} that does not decode: for channels where a malformed
 * item means the peer is broken or hostile, and going on would be wrong. Unsubscribes from the
 * input when it fails.
 *
 * ```text
 * dataReceived:          --p0--p1--p2--|     (p1: malformed)
 * decodeStrict(codec):   --a---#             (# = DecodeError, info.index = 1)
 * ```
 *
 * @example
 * ```ts
 * import { dataReceived, decodeStrict, protobufCodec } from 'livekit-rx';
 * dataReceived(room, { topic: 'control', from: 'agent' })
 *   .pipe(decodeStrict(protobufCodec(Control)))
 *   .subscribe({ next: apply, error: (err) => console.error('agent is broken:', err.message) });
 * ```
 *
 * @param codec - The codec (`jsonCodec`, `protobufCodec`, `textCodec`, or your own).
 * @returns An operator from packets, bytes or text to decoded values.
 */
export function decodeStrict<T>(codec: Codec<T>): OperatorFunction<Decodable, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let index = 0;
      return source.subscribe({
        next(item) {
          const result = decodeItem(codec, item, index++);
          if (result._tag === 'Right') subscriber.next(result.right);
          else subscriber.error(result.left);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
