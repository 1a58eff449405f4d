import { left, type Either } from 'fp-ts/lib/Either.js';
import { DecodeError, type DecodeProblem } from '../errors/DecodeError';

/**
 * A codec's `Left`: its `DecodeError`, not yet located in a stream (`decode` adds the item's
 * index, sender and topic).
 * @internal
 */
export function decodeFailure(
  codec: string,
  problem: DecodeProblem,
  detail: string,
  byteLength: number,
  cause?: unknown,
): Either<DecodeError, never> {
  return left(
    new DecodeError(
      { codec, problem, detail, byteLength, index: undefined, sender: undefined, topic: undefined },
      cause,
    ),
  );
}
