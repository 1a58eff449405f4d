import { AudioFrame, AudioSource, LocalAudioTrack } from '@livekit/rtc-node';
import { sinePcm } from 'livekit-rx';

/** A local audio track fed by its own AudioSource: captured frames come back on AudioStreams. */
export function loopbackTrack(
  sampleRate = 48000,
  numChannels = 1,
  queueSizeMs = 1000,
): { source: AudioSource; track: LocalAudioTrack; close: () => Promise<void> } {
  const source = new AudioSource(sampleRate, numChannels, queueSizeMs);
  const track = LocalAudioTrack.createAudioTrack('loopback', source);
  return { source, track, close: () => track.close() };
}

/** `count` consecutive 10 ms frames of a sine wave. */
export function sineFrames(
  count: number,
  { frequency = 440, sampleRate = 48000, amplitude = 16384 } = {},
): AudioFrame[] {
  const n = sampleRate / 100;
  return Array.from(
    { length: count },
    (_, i) =>
      new AudioFrame(
        sinePcm({ frequency, sampleRate, samplesPerChannel: n, amplitude, startSample: i * n }),
        sampleRate,
        1,
        n,
      ),
  );
}
