import type { AudioFrame } from '@livekit/rtc-node';
import { FrameFormatError } from '../errors/FrameFormatError';
import { FRAME_LIMITS } from './frameLimits';

/** A frame format: what every frame of one stream must share. */
export interface AudioFormat {
  readonly sampleRate: number;
  readonly numChannels: number;
}

const NOT_A_FORMAT =
  'Build AudioFrames with a whole number of Hz from 1 to 384000, 1 to 8 channels and a whole ' +
  'number of samples per channel.';

/**
 * Checks a frame's own format (a whole rate from 1 Hz to 384 kHz, 1 to 8 channels, a whole
 * non-negative `samplesPerChannel`: {@link FRAME_LIMITS}), its internal consistency
 * (`data.length === samplesPerChannel * channels`) and, when `expected` is given, its rate and
 * channel count. Returns the error, or undefined. Every operator calls it before it reads the
 * frame's rate or channel count, so no such value reaches a native call or sizes an allocation.
 * @internal
 */
export function checkFrame(
  operator: string,
  frameIndex: number,
  frame: AudioFrame,
  expected: AudioFormat | undefined,
  hint: string,
): FrameFormatError | undefined {
  const { sampleRate, channels, samplesPerChannel } = frame;
  // Range checks written so that NaN fails them (every comparison with NaN is false).
  if (!(sampleRate >= 1 && sampleRate <= FRAME_LIMITS.maxSampleRate && sampleRate % 1 === 0)) {
    return invalid(
      operator,
      frameIndex,
      'invalid-sample-rate',
      FRAME_LIMITS.maxSampleRate,
      sampleRate,
    );
  }
  if (!(channels >= 1 && channels <= FRAME_LIMITS.maxChannels && channels % 1 === 0)) {
    return invalid(operator, frameIndex, 'invalid-channels', FRAME_LIMITS.maxChannels, channels);
  }
  if (!(samplesPerChannel >= 0 && Number.isSafeInteger(samplesPerChannel))) {
    return invalid(
      operator,
      frameIndex,
      'invalid-samples-per-channel',
      Number.MAX_SAFE_INTEGER,
      samplesPerChannel,
    );
  }
  const wanted = samplesPerChannel * channels;
  const length = frame.data instanceof Int16Array ? frame.data.length : NaN;
  if (length !== wanted) {
    return new FrameFormatError(
      { operator, frameIndex, problem: 'length', expected: wanted, actual: length },
      'The frame is corrupt: build AudioFrames whose data (an Int16Array) holds every sample of every channel.',
    );
  }
  if (expected === undefined) return undefined;
  // Two plain comparisons: this runs for every frame, so no array of checks to allocate.
  if (sampleRate !== expected.sampleRate) {
    return formatError(operator, frameIndex, 'sample-rate', expected.sampleRate, sampleRate, hint);
  }
  if (channels !== expected.numChannels) {
    return formatError(operator, frameIndex, 'channels', expected.numChannels, channels, hint);
  }
  return undefined;
}

function invalid(
  operator: string,
  frameIndex: number,
  problem: 'invalid-sample-rate' | 'invalid-channels' | 'invalid-samples-per-channel',
  max: number,
  actual: number,
): FrameFormatError {
  return new FrameFormatError(
    { operator, frameIndex, problem, expected: max, actual },
    NOT_A_FORMAT,
  );
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
