// A parrot agent: hears a participant, repeats what it heard after a pause, stops on barge-in.
//
//   npm start -- parrot           # joins room "parrot" and prints how to join it; Ctrl-C stops
//   npm start -- parrot --smoke   # a scripted user speaks, barges in, and checks what it heard
//
// The agent listens to `--user` (default "user") with audioFrames, cuts utterances with
// voiceActivity, and plays each back through publishAudio; when the user starts speaking again,
// interrupt$ cuts the replay at once (livekit-rx's queue and the native one).
import { RoomEvent, type AudioFrame, type Room } from '@livekit/rtc-node';
import { audioFrames, publishAudio, roomEvent, voiceActivity } from 'livekit-rx';
import {
  concatMap,
  filter,
  firstValueFrom,
  from,
  scan,
  share,
  Subject,
  switchMap,
  takeUntil,
  timer,
  toArray,
} from 'rxjs';
import { check, runExample, within, type ExampleRun } from './lib/run';
import { hear$, speaker, tone, toneOf, tonesIn } from './lib/tones';

/**
 * The agent: every utterance of `user`, repeated `pauseMs` after they stop. When the user speaks
 * again, `interrupt$` cuts what is queued and `takeUntil` a reply still in its pause.
 */
function parrot(room: Room, user: string, pauseMs = 300) {
  const heard$ = audioFrames(
    { room, participant: user },
    { sampleRate: 48000, numChannels: 1 },
  ).pipe(share());
  const activity$ = heard$.pipe(voiceActivity({ thresholdDb: -40, hangoverMs: 400 }), share());
  const starts$ = activity$.pipe(filter((state) => state === 'speaking'));
  const stops$ = activity$.pipe(filter((state) => state === 'silent'));
  const utterances$ = starts$.pipe(switchMap(() => heard$.pipe(takeUntil(stops$), toArray())));
  return utterances$.pipe(
    switchMap((frames: AudioFrame[]) =>
      timer(pauseMs).pipe(
        concatMap(() => from(frames)),
        takeUntil(starts$),
      ),
    ),
    publishAudio(room, { name: 'parrot', interrupt$: starts$, silenceWhenIdle: true }),
  );
}

const TONES = [600, 900, 1200];

async function smoke(run: ExampleRun, agent: Room): Promise<void> {
  // Speak once the parrot hears the user's track (audio before that reaches nobody).
  const parrotListens = firstValueFrom(
    roomEvent(agent, RoomEvent.TrackSubscribed).pipe(filter(([, , p]) => p.identity === 'user')),
  );
  const user = await run.join('user');
  const mic = speaker(user);
  await within(5000, parrotListens, "the parrot subscribing to the user's microphone");
  await firstValueFrom(timer(300));
  const parrot$ = hear$(user, 'parrot').pipe(share());
  const done$ = new Subject<void>();
  const recording = firstValueFrom(parrot$.pipe(takeUntil(done$), toArray()));
  const parrotSays = (hz: number) =>
    within(
      6000,
      firstValueFrom(parrot$.pipe(filter((f) => toneOf(f, TONES) === hz))),
      `the parrot saying ${hz} Hz`,
    );

  mic.say(tone(600, 800)); // "hello"
  await parrotSays(600);
  await within(
    3000,
    // 200 ms without it (a concealed packet may read as one quiet frame mid-reply)
    firstValueFrom(
      parrot$.pipe(
        scan((quiet, f) => (toneOf(f, TONES) === 600 ? 0 : quiet + 1), 0),
        filter((quiet) => quiet >= 20),
      ),
    ),
    'the parrot finishing "hello"',
  );
  mic.say(tone(900, 1500)); // a long sentence...
  await parrotSays(900);
  mic.say(tone(1200, 600)); // ...which the user interrupts as soon as the parrot repeats it
  await parrotSays(1200);
  await firstValueFrom(timer(1000));
  done$.next();
  mic.stop();
  const heard = tonesIn(await recording, TONES);
  console.log(
    'the user heard the parrot say:',
    heard.map((t) => `${t.tone} Hz ${t.ms} ms`).join(', '),
  );
  check(
    heard.map((t) => t.tone).join() === '600,900,1200',
    'the parrot said 600, 900, 1200 Hz, in order',
  );
  const [hello, long, interruption] = heard.map((t) => t.ms) as [number, number, number];
  check(hello >= 600, `"hello" repeated whole (${hello} ms of 800)`);
  check(long < 1000, `the long sentence cut by barge-in (${long} ms of 1500 played)`);
  check(interruption >= 400, `the interruption repeated whole (${interruption} ms of 600)`);
}

runExample(
  'parrot',
  async (run) => {
    const agent = await run.join('parrot');
    const user = run.options.user ?? 'user';
    const subscription = parrot(agent, user).subscribe({
      error: (err) => console.error('parrot:', err),
    });
    try {
      if (run.smoke) await smoke(run, agent);
      else await run.serveUntilStopped(`join as "${user}" and talk: the parrot repeats you`, user);
    } finally {
      subscription.unsubscribe();
    }
  },
  ['user'],
);
