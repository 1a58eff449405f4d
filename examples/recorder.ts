// A room recorder: every participant's microphone to its own WAV file, closed when they leave.
//
//   npm start -- recorder [--out out/recordings]   # records room "recorder" until Ctrl-C
//   npm start -- recorder --smoke                  # two scripted speakers come, speak and leave
//
// subscribedAudio gives one stream per subscribed microphone; its frames$ completes when the
// track goes (unpublished, or its participant left), and writeWav closes the file then.
import { RoomEvent, TrackSource, type Room } from '@livekit/rtc-node';
import { readWav, roomEvent, subscribedAudio, writeWav, type WavSummary } from 'livekit-rx';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  defer,
  filter,
  first,
  firstValueFrom,
  lastValueFrom,
  mergeMap,
  ReplaySubject,
  tap,
  timer,
  toArray,
  type Observable,
} from 'rxjs';
import { check, runExample, within, type ExampleRun } from './lib/run';
import { speaker, tone, tonesIn } from './lib/tones';

/** Records every microphone in `room` to `<dir>/<identity>-<track sid>.wav`; one summary per file. */
function record(room: Room, dir: string): Observable<WavSummary> {
  return defer(() => {
    mkdirSync(dir, { recursive: true });
    return subscribedAudio(
      room,
      { source: TrackSource.SOURCE_MICROPHONE },
      { sampleRate: 48000, numChannels: 1 },
    ).pipe(
      tap(({ participant, track }) =>
        console.log(`recording ${participant.identity} (${track.sid})`),
      ),
      mergeMap(({ participant, track, frames$ }) =>
        frames$.pipe(
          writeWav(join(dir, `${safe(participant.identity)}-${safe(track.sid ?? '')}.wav`)),
        ),
      ),
      tap((file) => console.log(`closed ${file.path}: ${(file.durationMs / 1000).toFixed(1)} s`)),
    );
  });
}

/** An identity as a file name: no path separators, no leading dot (it stays in `dir`). */
const safe = (name: string): string => name.replace(/[^\w.-]/g, '_').replace(/^\.+/, '_');

async function smoke(
  run: ExampleRun,
  recorder: Room,
  files$: Observable<WavSummary>,
): Promise<void> {
  const closed$ = new ReplaySubject<WavSummary>();
  const subscription = files$.subscribe(closed$);
  const speakers = [
    { identity: 'alice', hz: 600, ms: 1200 },
    { identity: 'bob', hz: 900, ms: 800 },
  ];
  // Both come and speak at once; each leaves when done, and its file must be closed then.
  const files = await Promise.all(
    speakers.map(async ({ identity, hz, ms }) => {
      const recording = firstValueFrom(
        roomEvent(recorder, RoomEvent.TrackSubscribed).pipe(
          filter(([, , p]) => p.identity === identity),
        ),
      );
      const room = await run.join(identity);
      const mic = speaker(room);
      await within(5000, recording, `the recorder subscribing to ${identity}`);
      mic.say([...tone(0, 200), ...tone(hz, ms)]);
      await firstValueFrom(timer(ms + 600));
      let left = false;
      let closedEarly = false;
      const file = firstValueFrom(closed$.pipe(first((f) => f.path.includes(`${identity}-`))));
      void file.then(() => (closedEarly = !left));
      left = true; // from here on: the file may close once the recorder sees them go
      await room.disconnect();
      const closed = await within(5000, file, `${identity}'s file closed after leaving`);
      check(!closedEarly, `${identity}'s file was closed before they left`);
      return closed;
    }),
  );
  subscription.unsubscribe();
  for (const [i, { identity, hz, ms }] of speakers.entries()) {
    const frames = await lastValueFrom(readWav(files[i]!.path).pipe(toArray()));
    const heard = tonesIn(frames, [600, 900]);
    console.log(`${files[i]!.path}: ${heard.map((t) => `${t.tone} Hz ${t.ms} ms`).join(', ')}`);
    check(heard.length === 1 && heard[0]!.tone === hz, `${identity}'s file holds ${hz} Hz only`);
    check(
      Math.abs(heard[0]!.ms - ms) <= 150,
      `${identity}'s file holds all of it (${heard[0]!.ms} ms, said ${ms} ms)`,
    );
  }
}

runExample(
  'recorder',
  async (run) => {
    const recorder = await run.join('recorder');
    const dir = run.options.out ?? join('out', 'recordings');
    const files$ = record(recorder, dir);
    if (run.smoke) return smoke(run, recorder, files$);
    const subscription = files$.subscribe({ error: (err) => console.error('recorder:', err) });
    await run.serveUntilStopped(`recording every microphone in the room to ${dir}/`);
    subscription.unsubscribe(); // closes the files still open
  },
  ['out'],
);
