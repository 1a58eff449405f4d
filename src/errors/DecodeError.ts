import { LiveKitRxError } from './LiveKitRxError';

/** What was wrong with bytes a codec could not decode. */
export type DecodeProblem =
  /** Not valid UTF-8 (`textCodec`, `jsonCodec`). */
  | 'utf8'
  /** Valid UTF-8 but not JSON (`jsonCodec`). */
  | 'json'
  /** JSON that the codec's guard or decoder refused (`jsonCodec(guard)`). */
  | 'guard'
  /** Not a well-formed protobuf message of the type (`protobufCodec`). */
  | 'protobuf'
  /** A codec of your own threw instead of returning a `Left`. */
  | 'codec';

/** Where the bytes came from, when they came through `decode` and its variants. */
export interface DecodeLocation {
  /** Zero-based index of the item in the decoded stream. */
  readonly index: number | undefined;
  /** The sender's identity (a `DataPacket` from a participant). */
  readonly sender: string | undefined;
  /** The packet's topic. */
  readonly topic: string | undefined;
}

/** The structured detail of a {@link DecodeError}. */
export interface DecodeErrorInfo extends DecodeLocation {
  /** The codec that refused the bytes: `'text'`, `'json'`, `'protobuf chat.Message'`, ... */
  readonly codec: string;
  /** What was wrong. */
  readonly problem: DecodeProblem;
  /** The parser's own words (`"invalid wire type 7 at offset 1"`, `"Unexpected token }"`, ...). */
  readonly detail: string;
  /** How many bytes the item had. */
  readonly byteLength: number;
}

function where(info: DecodeErrorInfo): string {
  if (info.index === undefined) return `${info.byteLength} bytes`;
  const from = info.sender === undefined ? '' : ` from ${info.sender}`;
  const topic = info.topic === undefined ? '' : ` on topic "${info.topic}"`;
  return `item ${info.index}${from}${topic} (${info.byteLength} bytes)`;
}

function expected(problem: DecodeProblem): string {
  switch (problem) {
    case 'utf8':
      return 'is not valid UTF-8';
    case 'json':
      return 'is not JSON';
    case 'guard':
      return 'is JSON of the wrong shape';
    case 'protobuf':
      return 'is not a well-formed message';
    case 'codec':
      return 'made the codec throw';
  }
}

/**
 * Bytes that a codec cannot decode: invalid UTF-8, malformed JSON or JSON of the wrong shape, a
 * malformed protobuf message. Per-item, so it travels as a value, `Left<DecodeError>` (fp-ts):
 * one bad packet never ends the stream (`decode`); `decodeOrSkip` drops it and tells you;
 * `decodeStrict` ends the stream with it. The message names the item (index, sender, topic,
 * size), what was expected and the parser's own words.
 *
 * ```text
 * packets:              --a--x--b--    (x: malformed bytes)
 * decode(jsonCodec()):  --R--L--R--    (L = left(DecodeError), info.index = 1)
 * ```
 *
 * @example
 * ```ts
 * import { either } from 'fp-ts';
 * import { dataReceived, decode, jsonCodec } from 'livekit-rx';
 * dataReceived(room, { topic: 'state' })
 *   .pipe(decode(jsonCodec()))
 *   .subscribe((result) => {
 *     if (either.isLeft(result)) console.warn(result.left.message, result.left.info.sender);
 *   });
 * ```
 */
export class DecodeError extends LiveKitRxError<DecodeErrorInfo> {
  /**
   * @param info - The codec, the problem, the parser's words, the item's size and location.
   * @param cause - The parser's exception, if there was one.
   */
  constructor(info: DecodeErrorInfo, cause?: unknown) {
    super(
      `${info.codec} codec: ${where(info)} ${expected(info.problem)}: ${info.detail}. ` +
        `Check what the sender encodes; decodeOrSkip skips such items, decode keeps them as ` +
        `Left values.`,
      info,
      cause === undefined ? undefined : { cause },
    );
  }

  /**
   * The same failure, located in a stream.
   * @param location - The item's index, sender and topic.
   * @returns A new `DecodeError` with the location (and the same cause).
   */
  at(location: DecodeLocation): DecodeError {
    return new DecodeError({ ...this.info, ...location }, this.cause);
  }
}
