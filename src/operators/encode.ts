import { map, type OperatorFunction } from 'rxjs';
import type { Codec } from '../codecs/Codec';
import { EncodeError } from '../errors/EncodeError';
import { messageOf } from '../internal/messageOf';

/**
 * Encodes each value with a codec into bytes for the sinks (`publishData`). A value the codec
 * cannot encode ends the stream with an {@link EncodeError} that names its index: the producer
 * has a bug, and nothing half-encoded is sent.
 *
 * ```text
 * values:          --a--b--c--|
 * encode(codec):   --A--B--C--|     (A = codec.encode(a): Uint8Array)
 * ```
 *
 * @example
 * ```ts
 * import { encode, jsonCodec, publishData } from 'livekit-rx';
 * cursor$
 *   .pipe(encode(jsonCodec<{ x: number; y: number }>()), publishData(room, { topic: 'cursor', reliable: false }))
 *   .subscribe();
 * ```
 *
 * @param codec - The codec (`jsonCodec`, `protobufCodec`, `textCodec`, or your own).
 * @returns An operator from values to their bytes.
 */
export function encode<T>(codec: Codec<T>): OperatorFunction<T, Uint8Array> {
  return map((value, index) => {
    try {
      return codec.encode(value);
    } catch (cause) {
      if (cause instanceof EncodeError) throw cause.at(index);
      throw new EncodeError(
        { codec: codec.name ?? 'custom', index, detail: messageOf(cause) },
        cause,
      );
    }
  });
}
