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
  // Two plain comparisons: this runs for every frame, so no array of checks to allocate.
  if (frame.sampleRate !== expected.sampleRate) {
    return formatError(
      operator,
      frameIndex,
      'sample-rate',
      expected.sampleRate,
      frame.sampleRate,
      hint,
    );
  }
  if (frame.channels !== expected.numChannels) {
    return formatError(
      operator,
      frameIndex,
      'channels',
      expected.numChannels,
      frame.channels,
      hint,
    );
  }
  return undefined;
}

function formatError(
  operator: string,
  frameIndex: number,
  problem: 'sample-rate' | 'channels',
  expected: number,
  actual: number,
  hint: string,
): FrameFormatError {
  return new FrameFormatError({ operator, frameIndex, problem, expected, actual }, hint);
}
