import { right, type Either } from 'fp-ts/lib/Either.js';
import type { DecodeError } from '../errors/DecodeError';
import { decodeFailure } from './decodeFailure';

/** Throws on the first byte that is not valid UTF-8 (what `fatal: true` means). @internal */
export const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** @internal */
export const utf8Encoder = new TextEncoder();

/**
 * Where the first invalid UTF-8 sequence of `bytes` starts, for the error message (called only
 * after `TextDecoder` has refused them): its offset and the byte there.
 * @internal
 */
export function firstInvalidUtf8(bytes: Uint8Array): {
  offset: number;
  byte: number;
  truncated: boolean;
} {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = continuationBytes(b);
    if (need < 0) return { offset: i, byte: b, truncated: false };
    // The second byte's range is narrower after E0, ED, F0 and F4 (overlongs, surrogates, > U+10FFFF).
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return { offset: i, byte: b, truncated: true };
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) {
        return { offset: i + k, byte: c, truncated: false };
      }
    }
    i += need + 1;
  }
  return { offset: bytes.length, byte: -1, truncated: true };
}

/** How many continuation bytes follow lead byte `b` in UTF-8 (-1: it cannot lead). */
function continuationBytes(b: number): number {
  if (b < 0x80) return 0;
  if (b >= 0xc2 && b <= 0xdf) return 1;
  if (b >= 0xe0 && b <= 0xef) return 2;
  if (b >= 0xf0 && b <= 0xf4) return 3;
  return -1;
}

/**
 * The text of `bytes`, or the `Left` of a codec whose input must be UTF-8 (with the offset of
 * the first bad byte).
 * @internal
 */
export function decodeUtf8(codec: string, bytes: Uint8Array): Either<DecodeError, string> {
  try {
    return right(strictUtf8.decode(bytes));
  } catch (cause) {
    const { offset, byte, truncated } = firstInvalidUtf8(bytes);
    const hex = `0x${byte.toString(16).padStart(2, '0')}`;
    const at = truncated
      ? `the bytes end inside the character that starts at offset ${offset} (${hex})`
      : `byte ${hex} at offset ${offset}`;
    return decodeFailure(codec, 'utf8', `invalid UTF-8: ${at}`, bytes.length, cause);
  }
}
