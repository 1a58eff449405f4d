// A live mixer: mixes every microphone in the room and publishes the mix as a new participant.
//
//   npm start -- live-mixer           # joins room "live-mixer" as "mixer" until Ctrl-C
//   npm start -- live-mixer --smoke   # two scripted speakers at once; a listener hears both
//
// subscribedAudio gives one frames$ per microphone (joining and leaving as tracks come and go),
// mix sums them sample by sample, and publishAudio publishes the sum (silence when nobody
// speaks). One listener then hears one track instead of every speaker's.
import { TrackSource, type Room } from '@livekit/rtc-node';
import { mix, publishAudio, subscribedAudio } from 'livekit-rx';
import { filter, firstValueFrom, map, share, Subject, takeUntil, timer, toArray } from 'rxjs';
import { check, runExample, within, type ExampleRun } from './lib/run';
import { hear$, speaker, strengths, tone } from './lib/tones';

const format = { sampleRate: 48000, numChannels: 1 };

/** Publishes the mix of every microphone in `room` as its own track, "mix". */
function liveMixer(room: Room) {
  const microphones$ = subscribedAudio(room, { source: TrackSource.SOURCE_MICROPHONE }, format);
  return mix(microphones$.pipe(map(({ frames$ }) => frames$)), format).pipe(
    publishAudio(room, { name: 'mix', ...format, silenceWhenIdle: true }),
  );
}

async function smoke(run: ExampleRun): Promise<void> {
  const listener = await run.join('listener');
  const mix$ = hear$(listener, 'mixer').pipe(share());
  const done$ = new Subject<void>();
  const heard = firstValueFrom(mix$.pipe(takeUntil(done$), toArray()));
  // Alice and Bob speak at the same time, each on their own track.
  const [alice, bob] = await Promise.all([run.join('alice'), run.join('bob')]);
  speaker(alice).say(tone(600, 1500, 6000));
  speaker(bob).say(tone(900, 1500, 6000));
  const both = (frame: Parameters<typeof strengths>[0]) =>
    strengths(frame, [600, 900]).every((s) => s > 0.05);
  await within(6000, firstValueFrom(mix$.pipe(filter(both))), 'both voices in the mix');
  await firstValueFrom(timer(1500));
  done$.next();
  const frames = await heard;
  const mixedMs = frames.filter(both).length * 10;
  console.log(`the listener heard both speakers in one track for ${mixedMs} ms (of 1500)`);
  check(mixedMs >= 1000, `both voices together in the mix for at least 1000 ms (${mixedMs} ms)`);
}

runExample('live-mixer', async (run) => {
  const mixer = await run.join('mixer');
  const subscription = liveMixer(mixer).subscribe({ error: (err) => console.error('mixer:', err) });
  try {
    if (run.smoke) await smoke(run);
    else
      await run.serveUntilStopped(
        'talk in the room: participant "mixer" publishes the mix as track "mix"',
      );
  } finally {
    subscription.unsubscribe();
  }
});
