/**
 * A text chat bot on text streams: answers each chat message with a reply streamed word by word.
 *
 * It reads every chat message (LiveKit's chat topic, `lk.chat`, as LiveKit's chat components and
 * agents use it) and answers with a reply streamed word by word,
 * like an LLM's tokens, to the sender only. Received with `chatMessages`, sent with `streamText`,
 * one reply at a time (`concatMapBounded`: at most 10 questions wait).
 *
 * With no LIVEKIT_URL it starts the embedded development server (livekit-rx-dev-server) and needs
 * no keys; with LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET it joins that server.
 *
 *   npx tsx examples/chat-bot.ts            # the bot; type as "user" on stdin, see it answer
 *   npx tsx examples/chat-bot.ts --smoke    # a scripted user asks, checks the answers, exits
 */
import { dispose, Room } from '@livekit/rtc-node';
import {
  chatMessages,
  concatMapBounded,
  sendText,
  setRtcLogLevel,
  streamText,
  textStreams,
  type RoomLike,
  type TextStreamEvent,
} from 'livekit-rx';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  filter,
  firstValueFrom,
  from,
  interval,
  lastValueFrom,
  map,
  mergeMap,
  timeout,
  zip,
  type Observable,
} from 'rxjs';
import { chooseServer } from './lib/server';

setRtcLogLevel((process.env.RTC_LOG_LEVEL as 'debug' | undefined) ?? 'warn');
const { values: args } = parseArgs({ options: { smoke: { type: 'boolean', default: false } } });
const CHAT = 'lk.chat';

/** The bot's "LLM": an answer, streamed a word every 30 ms. */
function reply(question: string): Observable<string> {
  const answer = /\b(hi|hello)\b/i.test(question)
    ? 'Hello! I answer every message on lk.chat, streamed word by word.'
    : `You said "${question.trim()}": ${question.trim().length} characters.`;
  return zip(from(answer.split(/(?<= )/)), interval(30)).pipe(map(([word]) => word));
}

/** Answers every chat message from someone else, to them only, one reply at a time. */
export function chatBot(room: RoomLike): Observable<TextStreamEvent> {
  const me = room.localParticipant?.identity;
  return chatMessages(room).pipe(
    filter(({ participant }) => participant !== undefined && participant.identity !== me),
    concatMapBounded(
      ({ message, participant }) =>
        reply(message.message).pipe(
          streamText(room, { topic: CHAT, destinationIdentities: [participant!.identity] }),
        ),
      { bufferSize: 10, overflow: 'drop-oldest' },
    ),
  );
}

/** The user's side: each reply from the bot, whole, as it ends. */
function replies(user: Room): Observable<string> {
  return textStreams(user, { topic: CHAT, from: 'bot' }).pipe(mergeMap((s) => s.text$));
}

async function smoke(user: Room): Promise<boolean> {
  let ok = true;
  for (const [question, expected] of [
    ['hello bot', 'Hello! I answer every message on lk.chat, streamed word by word.'],
    ['what is this?', 'You said "what is this?": 13 characters.'],
  ] as const) {
    const answered = firstValueFrom(replies(user).pipe(timeout({ first: 10_000 })));
    await lastValueFrom(sendText(user, question, { topic: CHAT }));
    const answer = await answered;
    const right = answer === expected;
    ok &&= right;
    console.log(`user: ${question}\nbot:  ${answer}   ${right ? 'ok' : `NOT "${expected}"`}`);
  }
  return ok;
}

async function interactive(user: Room): Promise<void> {
  const streamed = textStreams(user, { topic: CHAT, from: 'bot' })
    .pipe(mergeMap((s) => s.chunks$))
    .subscribe((word) => process.stdout.write(word));
  const lines = createInterface({ input: process.stdin });
  console.log('type a message (Ctrl-D to quit)');
  for await (const line of lines) {
    if (line.trim() === '') continue;
    process.stdout.write('bot: ');
    const answered = firstValueFrom(replies(user));
    await lastValueFrom(sendText(user, line, { topic: CHAT }));
    await answered;
    process.stdout.write('\n');
  }
  streamed.unsubscribe();
}

async function main(): Promise<void> {
  const server = await chooseServer();
  const roomName = `chat-bot-${randomBytes(4).toString('hex')}`;
  console.log(`chat bot: ${server.label}, room ${roomName}`);
  const bot = new Room();
  const user = new Room();
  try {
    await bot.connect(server.url, await server.token('bot', roomName));
    const answering = chatBot(bot).subscribe({
      error: (err: unknown) => console.error('bot failed:', err),
    });
    await user.connect(server.url, await server.token('user', roomName));
    if (args.smoke) {
      if (!(await smoke(user))) process.exitCode = 1;
    } else {
      await interactive(user);
    }
    answering.unsubscribe();
  } finally {
    await user.disconnect();
    await bot.disconnect();
    await server.embedded?.stop();
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => dispose());
