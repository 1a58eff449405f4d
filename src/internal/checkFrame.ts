import type { AudioFrame } from '@livekit/rtc-node';
import { FrameFormatError } from '../errors/FrameFormatError';

/** A frame format: what every frame of one stream must share. */
export interface AudioFormat {
  readonly sampleRate: number;
  readonly numChannels: number;
}

/**
 * Checks a frame's internal consistency (`data.length === samplesPerChannel * channels`) and,
 * when `expected` is given, its rate and channel count. Returns the error, or undefined.
 * @internal
 */
export function checkFrame(
  operator: string,
  frameIndex: number,
  frame: AudioFrame,
  expected: AudioFormat | undefined,
  hint: string,
): FrameFormatError | undefined {
  const wanted = frame.samplesPerChannel * frame.channels;
  if (frame.data.length !== wanted) {
    return new FrameFormatError(
      { operator, frameIndex, problem: 'length', expected: wanted, actual: frame.data.length },
      'The frame is corrupt: build AudioFrames whose data holds every sample of every channel.',
    );
  }
  if (expected === undefined) return undefined;
  const checks = [
    ['sample-rate', expected.sampleRate, frame.sampleRate],
    ['channels', expected.numChannels, frame.channels],
  ] as const;
  for (const [problem, want, actual] of checks) {
    if (actual !== want) {
      return new FrameFormatError({ operator, frameIndex, problem, expected: want, actual }, hint);
    }
  }
  return undefined;
}
