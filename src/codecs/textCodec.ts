import type { Codec } from './Codec';
import { decodeUtf8, utf8Encoder } from '../internal/utf8';

/**
 * Text as UTF-8, strictly: bytes that are not valid UTF-8 are a `Left<DecodeError>` (problem
 * `'utf8'`, with the offset of the first bad byte), never U+FFFD replacement characters that
 * would pass for text. A byte-order mark is kept as U+FEFF.
 *
 * ```text
 * packets:             --a------x------    (x: 0xff 0xfe, not UTF-8)
 * decode(textCodec):   --R(hi)--L------    (L = left(DecodeError 'utf8', offset 0))
 * ```
 *
 * @example
 * ```ts
 * import { dataReceived, decodeOrSkip, textCodec } from 'livekit-rx';
 * dataReceived(room, { topic: 'chat' })
 *   .pipe(decodeOrSkip(textCodec, { skipped: { next: (err) => console.warn(err.message) } }))
 *   .subscribe((text) => console.log(text));
 * ```
 */
export const textCodec: Codec<string> = {
  name: 'text',
  encode: (value) => utf8Encoder.encode(value),
  decode: (bytes) => decodeUtf8('text', bytes),
};
