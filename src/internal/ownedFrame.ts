import { AudioFrame } from '@livekit/rtc-node';
import { zeroOffsetPcm } from '../frames/zeroOffsetPcm';

/**
 * The frame itself if its data starts at offset 0 of its buffer, else a copy that does.
 * rtc-node builds native pointers from `data.buffer` and ignores `byteOffset`.
 * @internal
 */
export function ownedFrame(frame: AudioFrame): AudioFrame {
  return frame.data.byteOffset === 0
    ? frame
    : new AudioFrame(
        zeroOffsetPcm(frame.data),
        frame.sampleRate,
        frame.channels,
        frame.samplesPerChannel,
        frame.userdata,
      );
}
