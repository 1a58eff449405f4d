import { Observable, type OperatorFunction } from 'rxjs';
import type { Codec } from '../codecs/Codec';
import type { DecodeError } from '../errors/DecodeError';
import { decodeItem, type Decodable } from '../internal/decodeItem';

/** Told about each item `decodeOrSkip` skipped, and how many it has skipped so far. */
export interface DecodeSkippedObserver {
  /** Called with each skipped item's error and the running count. */
  next(error: DecodeError, skipped: number): void;
}

/** Options of {@link decodeOrSkip}. */
export interface DecodeOrSkipOptions {
  /** Told each skipped item's `DecodeError` and the running count (a `Subject` fits). */
  readonly skipped?: DecodeSkippedObserver;
}

/**
 * Decodes each packet, byte array or string with a codec and emits the values; items that do not
 * decode are skipped (counted, and told to `skipped` with their {@link DecodeError}), so one
 * malformed packet never ends the stream. Errors and completion pass through.
 *
 * ```text
 * dataReceived:          --p0--p1--p2--|     (p1: malformed)
 * decodeOrSkip(codec):   --a-------c---|     (skipped.next(DecodeError(index 1), 1))
 * ```
 *
 * @example
 * ```ts
 * import { dataReceived, decodeOrSkip, jsonCodec } from 'livekit-rx';
 * dataReceived(room, { topic: 'state' })
 *   .pipe(
 *     decodeOrSkip(jsonCodec(), {
 *       skipped: { next: (err, total) => console.warn(`${total} bad packets; last: ${err.message}`) },
 *     }),
 *   )
 *   .subscribe((state) => console.log(state));
 * ```
 *
 * @param codec - The codec (`jsonCodec`, `protobufCodec`, `textCodec`, or your own).
 * @param options - Who hears about skipped items.
 * @returns An operator from packets, bytes or text to decoded values.
 */
export function decodeOrSkip<T>(
  codec: Codec<T>,
  options: DecodeOrSkipOptions = {},
): OperatorFunction<Decodable, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let index = 0;
      let skipped = 0;
      return source.subscribe({
        next(item) {
          const result = decodeItem(codec, item, index++);
          if (result._tag === 'Right') return subscriber.next(result.right);
          skipped++;
          try {
            options.skipped?.next(result.left, skipped);
          } catch (err) {
            subscriber.error(err);
          }
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
