import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of an {@link EncodeError}. */
export interface EncodeErrorInfo {
  /** The codec that could not encode the value: `'json'`, `'protobuf chat.Message'`, ... */
  readonly codec: string;
  /** Zero-based index of the value in the stream (`undefined` from a codec called directly). */
  readonly index: number | undefined;
  /** What was wrong, in the encoder's own words. */
  readonly detail: string;
}

/**
 * A value that its codec cannot encode: a protobuf object that fails its type's `verify` (a
 * string where a number belongs, an unknown enum name), a value `JSON.stringify` refuses (a
 * `bigint`, a cycle, `undefined`). This is the producer's bug, not bad input from the room, so
 * `encode(codec)` ends the stream with it, before anything is sent.
 *
 * ```text
 * values:              --a--b--
 * encode(codec):       --A--#      (# = EncodeError, info.index = 1)
 * ```
 *
 * @example
 * ```ts
 * import { encode, EncodeError, jsonCodec, publishData } from 'livekit-rx';
 * state$.pipe(encode(jsonCodec()), publishData(room, { topic: 'state' })).subscribe({
 *   error: (err) => err instanceof EncodeError && console.error(err.info.detail),
 * });
 * ```
 */
export class EncodeError extends LiveKitRxError<EncodeErrorInfo> {
  /**
   * @param info - The codec, the value's index, the encoder's words.
   * @param cause - The encoder's exception, if there was one.
   */
  constructor(info: EncodeErrorInfo, cause?: unknown) {
    const which = info.index === undefined ? 'a value' : `value ${info.index}`;
    super(
      `${info.codec} codec: cannot encode ${which}: ${info.detail}. Fix the value where it is ` +
        `made (for protobuf: the type's field names and types).`,
      info,
      cause === undefined ? undefined : { cause },
    );
  }

  /**
   * The same failure, located in a stream.
   * @param index - The value's index.
   * @returns A new `EncodeError` with the index (and the same cause).
   */
  at(index: number): EncodeError {
    return new EncodeError({ ...this.info, index }, this.cause);
  }
}
