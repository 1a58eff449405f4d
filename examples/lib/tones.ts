import { AudioFrame, type Room } from '@livekit/rtc-node';
import { audioFrames, publishAudio, sinePcm } from 'livekit-rx';
import { concatMap, Subject, type Observable } from 'rxjs';
import { liveMic } from './liveMic';

// Scripted participants for the examples' smoke runs: they speak in pure tones (one per
// speaker or utterance, on the 100 Hz grid of a 10 ms frame, so a frame's tone is exact to
// tell apart after Opus), and listen by naming the tone of each 10 ms frame they hear.

const rate = 48000;

/** `ms` of a `frequency` Hz tone (0: silence) in 10 ms frames at 48 kHz mono. */
export function tone(frequency: number, ms: number, amplitude = 8000): AudioFrame[] {
  return Array.from({ length: Math.round(ms / 10) }, (_, i) => {
    const data = sinePcm({
      frequency,
      sampleRate: rate,
      samplesPerChannel: 480,
      amplitude: frequency === 0 ? 0 : amplitude,
      startSample: i * 480,
    });
    return new AudioFrame(data, rate, 1, 480);
  });
}

/** A scripted participant's microphone: what it is given to say, in order, live-paced. */
export interface Speaker {
  /** Queues frames to say after what is already queued (silence in between). */
  say(frames: readonly AudioFrame[]): void;
  /** Unpublishes the microphone. */
  stop(): void;
}

/** Publishes `room`'s microphone at once (silence while it has nothing to say) until `stop()`. */
export function speaker(room: Room): Speaker {
  const lines = new Subject<readonly AudioFrame[]>();
  const subscription = lines
    .pipe(
      concatMap((frames) => liveMic(frames, 10)),
      publishAudio(room, { name: 'microphone', silenceWhenIdle: true }),
    )
    .subscribe({ error: (err) => console.error(`${room.localParticipant?.identity}:`, err) });
  return { say: (frames) => lines.next(frames), stop: () => subscription.unsubscribe() };
}

/** Goertzel power of one frequency over a frame's samples. */
function power(samples: Int16Array, frequency: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * frequency) / rate);
  let [s1, s2] = [0, 0];
  for (const sample of samples) [s1, s2] = [sample + coeff * s1 - s2, s1];
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/** The strengths (0..1 of a full-amplitude tone) of `frequencies` in a 10 ms 48 kHz frame. */
export function strengths(frame: AudioFrame, frequencies: readonly number[]): number[] {
  // A full-scale 32768 sine on the frame's bin has power (32768 * 480 / 2) ** 2.
  return frequencies.map((f) => Math.sqrt(power(frame.data, f)) / (32768 * 240));
}

/** The tone a frame plays: the strongest of `frequencies`, or 0 when none is clearly there. */
export function toneOf(frame: AudioFrame, frequencies: readonly number[]): number {
  const s = strengths(frame, frequencies);
  const best = s.indexOf(Math.max(...s));
  return (s[best] ?? 0) > 0.05 ? (frequencies[best] as number) : 0;
}

/** What `room` hears of `identity`'s microphone, live, 10 ms frames at 48 kHz mono. */
export function hear$(room: Room, identity: string): Observable<AudioFrame> {
  return audioFrames({ room, participant: identity }, { sampleRate: rate, numChannels: 1 });
}

/**
 * The tones heard, in order, each with how long it lasted: `[{ tone: 600, ms: 590 }, ...]`.
 * Silence is left out, and so is a blip of one or two frames (a frame across two tones).
 */
export function tonesIn(
  frames: readonly AudioFrame[],
  frequencies: readonly number[],
): { tone: number; ms: number }[] {
  const runs: { tone: number; ms: number }[] = [];
  for (const t of frames.map((f) => toneOf(f, frequencies))) {
    const last = runs[runs.length - 1];
    if (last?.tone === t) last.ms += 10;
    else runs.push({ tone: t, ms: 10 });
  }
  const merged: { tone: number; ms: number }[] = [];
  for (const run of runs) {
    if (run.tone === 0 || run.ms < 30) continue;
    const last = merged[merged.length - 1];
    if (last?.tone === run.tone) last.ms += run.ms;
    else merged.push({ ...run });
  }
  return merged;
}
