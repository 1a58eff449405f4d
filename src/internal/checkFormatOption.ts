import { FRAME_LIMITS } from './frameLimits';

/**
 * Throws a `RangeError` at once (an operator factory's argument check) when `value` is not a
 * sample rate or channel count livekit-rx accepts ({@link FRAME_LIMITS}); `undefined` passes.
 * @internal
 */
export function checkFormatOption(
  operator: string,
  name: string,
  kind: 'sampleRate' | 'numChannels',
  value: number | undefined,
): void {
  if (value === undefined) return;
  const max = kind === 'sampleRate' ? FRAME_LIMITS.maxSampleRate : FRAME_LIMITS.maxChannels;
  if (Number.isInteger(value) && value >= 1 && value <= max) return;
  const what =
    kind === 'sampleRate'
      ? `a whole number of Hz from 1 to ${max}`
      : `a whole number from 1 to ${max}`;
  throw new RangeError(`${operator}: ${name} must be ${what}, got ${String(value)}`);
}
