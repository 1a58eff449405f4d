import type { AudioFrame } from '@livekit/rtc-node';
import { from, isObservable, type Observable, type OperatorFunction } from 'rxjs';
import { mix, type MixOptions } from './mix';

/**
 * Mixes the input with other audio streams: `a$.pipe(mixWith(b$, c$))` is
 * `mix(of(a$, b$, c$))`, with {@link MixOptions} as an optional last argument. Sources join in
 * order when subscribed: a synchronous input (`of(...frames)`) is mixed alone before the others
 * join, so mix live streams, or push files through Subjects in step.
 *
 * ```text
 * a$:                 -1---1---|
 * b$:                 ---2---2---|
 * a$.pipe(mixWith(b$)):  ---3---3---|
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, mixWith } from 'livekit-rx';
 * const both$ = audioFrames(alice).pipe(mixWith(audioFrames(bob), { streamTimeoutMs: 60 }));
 * ```
 *
 * @param args - The other sources, then optionally the {@link MixOptions}.
 * @returns An operator emitting the mix of its input and the others.
 */
export function mixWith(
  ...args:
    | [...others: Observable<AudioFrame>[]]
    | [...others: Observable<AudioFrame>[], options: MixOptions]
): OperatorFunction<AudioFrame, AudioFrame> {
  const last = args[args.length - 1];
  const options = last !== undefined && !isObservable(last) ? last : {};
  const others = (args as unknown[]).filter((a): a is Observable<AudioFrame> => isObservable(a));
  return (source) => mix(from<Observable<AudioFrame>[]>([source, ...others]), options);
}
