import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { EncodeError } from '../errors/EncodeError';
import { decodeFailure } from '../internal/decodeFailure';
import { messageOf } from '../internal/messageOf';
import { decodeUtf8, utf8Encoder } from '../internal/utf8';
import type { Codec } from './Codec';

/**
 * What checks the shape of parsed JSON: a type guard (`(value): value is T`), or a decoder that
 * returns an fp-ts `Either` (an io-ts codec, a zod-to-Either adapter, ...).
 */
export type JsonGuard<T> =
  | ((value: unknown) => value is T)
  | {
      /** Checks a parsed value: `Right` with the typed value, or `Left` with why not. */
      decode(value: unknown): Either<unknown, T>;
    };

/**
 * JSON as UTF-8 text, optionally checked by a type guard or an `Either` decoder (io-ts). Bytes
 * that are not UTF-8, text that is not JSON, and JSON that the guard refuses are each a
 * `Left<DecodeError>` (problem `'utf8'`, `'json'` or `'guard'`) that names what was wrong.
 * Encoding is `JSON.stringify`; a value it refuses (`undefined`, a `bigint`, a cycle) is an
 * `EncodeError`.
 *
 * ```text
 * packets:                  --a--------x------b--
 * decode(jsonCodec(isPos)): --R({x:1})-L------R--   (x: '{"x":', not JSON)
 * ```
 *
 * @example
 * ```ts
 * import { dataReceived, decodeOrSkip, jsonCodec } from 'livekit-rx';
 * interface Cursor { x: number; y: number }
 * const isCursor = (v: unknown): v is Cursor =>
 *   typeof v === 'object' && v !== null && typeof (v as Cursor).x === 'number' &&
 *   typeof (v as Cursor).y === 'number';
 * dataReceived(room, { topic: 'cursor' })
 *   .pipe(decodeOrSkip(jsonCodec(isCursor)))
 *   .subscribe(({ x, y }) => draw(x, y));
 * ```
 *
 * @param guard - Checks the parsed value's shape (default: any JSON is accepted as `T`).
 * @returns A codec of `T`.
 */
export function jsonCodec<T = unknown>(guard?: JsonGuard<T>): Codec<T> {
  const check = guardOf(guard);
  return {
    name: 'json',
    encode(value) {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch (cause) {
        throw new EncodeError({ codec: 'json', index: undefined, detail: messageOf(cause) }, cause);
      }
      if (text === undefined) {
        throw new EncodeError({
          codec: 'json',
          index: undefined,
          detail: `JSON.stringify gives nothing for ${typeof value}`,
        });
      }
      return utf8Encoder.encode(text);
    },
    decode(bytes) {
      const text = decodeUtf8('json', bytes);
      if (isLeft(text)) return text;
      let value: unknown;
      try {
        value = JSON.parse(text.right);
      } catch (cause) {
        return decodeFailure('json', 'json', messageOf(cause), bytes.length, cause);
      }
      if (check === undefined) return right(value as T);
      const checked = check(value);
      if (!isLeft(checked)) return checked;
      return decodeFailure('json', 'guard', checked.left, bytes.length);
    },
  };
}

/** The guard as one function: the value, or why it was refused. */
function guardOf<T>(
  guard: JsonGuard<T> | undefined,
): ((value: unknown) => Either<string, T>) | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'function') {
    const what = guard.name === '' ? 'the guard' : `the guard ${guard.name}`;
    return (value) => (guard(value) ? right(value) : left(`${what} refused ${preview(value)}`));
  }
  return (value) => {
    const result = guard.decode(value);
    if (!isLeft(result)) return result;
    return left(`the decoder refused ${preview(value)}: ${preview(result.left)}`);
  };
}

/** A value, briefly, for a message. */
function preview(value: unknown): string {
  let text: string;
  try {
    text = value instanceof Error ? value.message : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
