import type { Either } from 'fp-ts/lib/Either.js';
import type { DecodeError } from '../errors/DecodeError';

/**
 * A two-way mapping between values and the bytes of a data packet or stream: `encode` for the
 * sinks (it throws an `EncodeError` for a value it cannot encode: the producer's bug), `decode`
 * for the sources (it never throws: bytes from the room that do not decode are a
 * `Left<DecodeError>`, so one bad packet never ends a stream). `jsonCodec`, `protobufCodec` and
 * `textCodec` are codecs; so is any object of this shape you write.
 */
export interface Codec<T> {
  /** Named in errors (`'json'`, `'text'`, `'protobuf chat.Message'`); default `'custom'`. */
  readonly name?: string;
  /** The value's bytes. Throws an `EncodeError` when the value cannot be encoded. */
  encode(value: T): Uint8Array;
  /** The value, or `Left<DecodeError>` for bytes that are not one. Never throws. */
  decode(bytes: Uint8Array): Either<DecodeError, T>;
}
