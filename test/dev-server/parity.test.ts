// TestRoom must not drift from the real Room: one scenario, scripted once for a TestRoom and once
// played by real rtc-node clients through the local development server; the observer's livekit-rx
// streams must emit the same sequence.
import { DataPacketKind } from '@livekit/rtc-node';
import {
  byteStreams,
  dataReceived,
  DataStreamError,
  fromRoom,
  participantAttributes,
  participantJoined,
  participantLeft,
  participants,
  streamBytes,
  streamText,
  subscribedTracks,
  textStreams,
  trackPublications,
  type RoomLike,
} from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import {
  catchError,
  concat,
  lastValueFrom,
  map,
  merge,
  mergeMap,
  of,
  skip,
  Subject,
  switchMap,
  type Observable,
} from 'rxjs';
import { useDevServer } from './helpers';
import { publishTone, setMuted } from './media';
// Data packets, chat, DTMF and RPC (the second scenario, below).
import { RpcError, type Room } from '@livekit/rtc-node';
import {
  chatMessages,
  decode,
  dtmfReceived,
  handleRpc,
  jsonCodec,
  performRpc,
  publishData,
} from 'livekit-rx';
import { filter, share, Subscription } from 'rxjs';

const rooms = useDevServer();

/** What the observer sees, as strings that depend on neither sids nor timing. */
function observe(room: RoomLike): Observable<string> {
  const decoder = new TextDecoder();
  const tracks = (
    list: ReadonlyArray<{
      participant: { identity: string };
      publication: { name: string | undefined; muted: boolean | undefined };
    }>,
  ) =>
    list
      .map(
        (t) => `${t.participant.identity}/${t.publication.name}${t.publication.muted ? '*' : ''}`,
      )
      .join(',');
  return merge(
    participants(room).pipe(map((roster) => `roster:${[...roster.keys()].sort().join(',')}`)),
    participantJoined(room).pipe(
      mergeMap((p) =>
        participantAttributes(room, p.identity).pipe(
          map((attributes) => `attributes:${p.identity}:${JSON.stringify(attributes)}`),
        ),
      ),
    ),
    trackPublications(room, { local: false }).pipe(
      skip(1),
      map((list) => `published:${tracks(list)}`),
    ),
    subscribedTracks(room).pipe(
      skip(1),
      map((list) => `subscribed:${tracks(list)}`),
    ),
    dataReceived(room).pipe(
      map(
        (d) => `data:${d.participant?.identity}:${d.topic}:${d.kind}:${decoder.decode(d.payload)}`,
      ),
    ),
    textStreams(room, { topic: 'notes' }).pipe(
      mergeMap((s) =>
        concat(
          s.chunks$.pipe(map((c) => `text-chunk:${s.sender}:${c}`)),
          of(`text-end:${s.sender}:${JSON.stringify(s.info.attributes)}`),
        ).pipe(ended(`text-error:${s.sender}`)),
      ),
    ),
    byteStreams(room, { topic: 'files' }).pipe(
      mergeMap((f) =>
        concat(
          f.chunks$.pipe(map((c) => `byte-chunk:${f.sender}:${f.info.name}:${c.byteLength}`)),
          of(`byte-end:${f.sender}:${f.info.mimeType}:${f.info.totalSize}`),
        ).pipe(ended(`byte-error:${f.sender}`)),
      ),
    ),
    participantLeft(room).pipe(map((p) => `left:${p.identity}`)),
  );
}

/** A cut stream's line: `prefix:problem`. */
function ended(prefix: string) {
  return catchError<string, Observable<string>>((err: unknown) =>
    of(`${prefix}:${err instanceof DataStreamError ? err.info.problem : String(err)}`),
  );
}

/** The scenario, step by step: what "bee" does, and the line that shows the observer saw it. */
const EXPECTED = [
  'roster:',
  'roster:bee', // bee joins with role=user
  'attributes:bee:{"role":"user"}',
  'attributes:bee:{"role":"agent"}', // bee becomes an agent
  'published:bee/mic', // bee publishes her microphone...
  'subscribed:bee/mic', // ...and the observer auto-subscribes
  'published:bee/mic*', // muted
  'published:bee/mic', // unmuted
  `data:bee:chat:${DataPacketKind.KIND_RELIABLE}:hello`,
  'text-chunk:bee:a', // bee streams text...
  'text-chunk:bee:b',
  'text-end:bee:{"k":"v"}',
  'byte-chunk:bee:f.bin:3', // ...and a file
  'byte-chunk:bee:f.bin:2',
  'byte-end:bee:application/x-f:5',
  'subscribed:', // unpublished: unsubscribed first...
  'published:', // ...then gone
  'text-chunk:bee:cut', // bee leaves in the middle of a stream: it fails first...
  'text-error:bee:sender-left',
  'roster:', // ...then bee is gone
  'left:bee',
];

describe('parity: TestRoom and real rtc-node rooms on the dev server emit the same sequence', () => {
  it('on a TestRoom scripted with the scenario', () => {
    const room = new TestRoom();
    const log: string[] = [];
    const subscription = observe(room).subscribe((line) => log.push(line));
    const cut = new Subject<string>();
    const script: TestRoomAction[] = [
      { type: 'join', identity: 'bee', attributes: { role: 'user' } },
      { type: 'attributes', identity: 'bee', attributes: { role: 'agent' } },
      { type: 'publish', identity: 'bee', track: { sid: 'TR_mic', name: 'mic' } },
      { type: 'mute', identity: 'bee', trackSid: 'TR_mic' },
      { type: 'unmute', identity: 'bee', trackSid: 'TR_mic' },
      {
        type: 'data',
        from: 'bee',
        payload: 'hello',
        topic: 'chat',
        kind: DataPacketKind.KIND_RELIABLE,
      },
      {
        type: 'text-stream',
        from: 'bee',
        topic: 'notes',
        chunks: ['a', 'b'],
        attributes: { k: 'v' },
      },
      {
        type: 'byte-stream',
        from: 'bee',
        topic: 'files',
        chunks: [new Uint8Array(3), new Uint8Array(2)],
        name: 'f.bin',
        mimeType: 'application/x-f',
      },
      { type: 'unpublish', identity: 'bee', trackSid: 'TR_mic' },
      { type: 'text-stream', from: 'bee', topic: 'notes', chunks: cut },
      { type: 'leave', identity: 'bee' },
    ];
    for (const action of script) {
      room.apply(action);
      if (action.type === 'text-stream' && action.chunks === cut) cut.next('cut');
    }
    subscription.unsubscribe();
    expect(log).toEqual(EXPECTED);
  });

  it('on real rooms: an observer and a participant played by rtc-node through the dev server', async () => {
    const log: string[] = [];
    const waiters: Array<{ line: string; from: number; resolve: () => void }> = [];
    /** Resolves once `line` is logged (again) from now on: the observer has seen the step. */
    const seen = (line: string): Promise<void> =>
      new Promise((resolve) => waiters.push({ line, from: log.length, resolve }));
    const observer = await rooms.join('observer', 'parity');
    const subscription = fromRoom(observer)
      .pipe(switchMap((room) => observe(room)))
      .subscribe((line) => {
        log.push(line);
        for (const w of waiters) if (w.line === line && log.length > w.from) w.resolve();
      });
    try {
      const joined = seen('attributes:bee:{"role":"user"}');
      const bee = await rooms.join('bee', 'parity', { attributes: { role: 'user' } });
      await joined;
      const promoted = seen('attributes:bee:{"role":"agent"}');
      await bee.localParticipant!.setAttributes({ role: 'agent' });
      await promoted;
      const subscribed = seen('subscribed:bee/mic');
      const tone = await publishTone(bee, 440, 'mic');
      await subscribed;
      const muted = seen('published:bee/mic*');
      setMuted(tone.track, true);
      await muted;
      const unmuted = seen('published:bee/mic');
      setMuted(tone.track, false);
      await unmuted;
      const data = seen(`data:bee:chat:${DataPacketKind.KIND_RELIABLE}:hello`);
      await bee.localParticipant!.publishData(new TextEncoder().encode('hello'), {
        reliable: true,
        topic: 'chat',
      });
      await data;
      const text = seen('text-end:bee:{"k":"v"}');
      await lastValueFrom(
        of('a', 'b').pipe(streamText(bee, { topic: 'notes', attributes: { k: 'v' } })),
      );
      await text;
      const file = seen('byte-end:bee:application/x-f:5');
      await lastValueFrom(
        of(new Uint8Array(3), new Uint8Array(2)).pipe(
          streamBytes(bee, {
            topic: 'files',
            name: 'f.bin',
            mimeType: 'application/x-f',
            totalSize: 5,
          }),
        ),
      );
      await file;
      const unpublished = seen('published:');
      await bee.localParticipant!.unpublishTrack(tone.publication.sid!);
      await unpublished;
      await tone.stop();
      const partial = seen('text-chunk:bee:cut');
      const cut = new Subject<string>();
      cut.pipe(streamText(bee, { topic: 'notes' })).subscribe({ error: () => undefined });
      cut.next('cut');
      await partial;
      const left = seen('left:bee');
      await bee.disconnect();
      await left;
    } finally {
      subscription.unsubscribe();
    }
    expect(log).toEqual(EXPECTED);
  });
});

// --- Data packets, chat, DTMF and RPC ---

/**
 * An observer's data logic, the same code on both rooms: a JSON channel decoded (a malformed
 * packet is a Left) and acknowledged with publishData; chat (a "call me" is answered with a
 * performRpc to its sender) and DTMF logged; the 'greet' method served by handleRpc.
 */
function serveData(room: RoomLike, log: (line: string) => void): Subscription {
  const isN = (v: unknown): v is { n: number } =>
    typeof v === 'object' && v !== null && typeof (v as { n: unknown }).n === 'number';
  const subscription = new Subscription();
  const decoded$ = dataReceived(room, { topic: 'typed' }).pipe(decode(jsonCodec(isN)), share());
  subscription.add(
    decoded$.subscribe((r) =>
      log(
        r._tag === 'Right'
          ? `decoded:right:${r.right.n}`
          : `decoded:left:${r.left.info.index}:${r.left.info.sender}:${r.left.info.problem}`,
      ),
    ),
  );
  subscription.add(
    decoded$
      .pipe(
        filter((r) => r._tag === 'Right'),
        map((r) => (r._tag === 'Right' ? `ack ${r.right.n}` : '')),
        publishData(room, { topic: 'ack', destinationIdentities: ['bee'] }),
      )
      .subscribe((e) => log(`ack-sent:${e.index}:${e.destinationIdentities.join(',')}`)),
  );
  subscription.add(
    chatMessages(room)
      .pipe(
        mergeMap(({ message, participant }) => {
          log(`chat:${participant?.identity}:${message.message}`);
          if (message.message !== 'call me' || participant === undefined) return [];
          return performRpc(room, {
            destinationIdentity: participant.identity,
            method: 'echo',
            payload: 'ping',
          });
        }),
      )
      .subscribe((answer) => log(`rpc-answer:${answer}`)),
  );
  subscription.add(
    dtmfReceived(room).subscribe((t) => log(`dtmf:${t.participant.identity}:${t.digit}`)),
  );
  subscription.add(
    handleRpc(room, 'greet', ({ payload, callerIdentity }) => {
      if (payload === 'fail') throw new RpcError(4001, 'no');
      return `hi ${callerIdentity}`;
    }).subscribe((h) => log(`rpc-handled:${h.outcome}:${h.payload ?? h.error?.code}`)),
  );
  subscription.add(participantLeft(room).subscribe((p) => log(`left:${p.identity}`)));
  return subscription;
}

const EXPECTED_DATA = [
  'decoded:right:1', // bee sends {"n":1} on 'typed'...
  'ack-sent:0:bee', // ...and the observer acknowledges it to bee
  'decoded:left:1:bee:json', // a malformed packet: a Left, and the channel goes on
  'decoded:right:2',
  'ack-sent:1:bee',
  'chat:bee:hello',
  'dtmf:bee:5',
  'rpc-handled:answered:hi bee', // bee calls greet
  'rpc-handled:failed:4001', // bee calls greet with 'fail'
  'chat:bee:call me', // the observer calls bee's echo...
  'rpc-answer:echo:ping', // ...and gets its answer
  'left:bee',
];
/** What bee got back from its greet calls. */
const BEE_GOT = ['hi bee', 'error 4001: no'];

describe('parity: data packets, chat, DTMF and RPC on a TestRoom and on real rooms', () => {
  const typed = (payload: string) => ({
    type: 'data' as const,
    from: 'bee',
    payload,
    topic: 'typed',
  });

  it('on a TestRoom scripted with the scenario', () => {
    const room = new TestRoom();
    const log: string[] = [];
    const subscription = serveData(room, (line) => log.push(line));
    const script: TestRoomAction[] = [
      { type: 'join', identity: 'bee' },
      typed('{"n":1}'),
      typed('{"n":'),
      typed('{"n":2}'),
      { type: 'chat', from: 'bee', message: 'hello' },
      { type: 'dtmf', from: 'bee', code: 5, digit: '5' },
      { type: 'rpc', from: 'bee', method: 'greet', payload: '', requestId: 'G1' },
      { type: 'rpc', from: 'bee', method: 'greet', payload: 'fail', requestId: 'G2' },
      { type: 'chat', from: 'bee', message: 'call me' },
      { type: 'rpc-reply', requestId: 'RQ_1', payload: 'echo:ping' },
      { type: 'leave', identity: 'bee' },
    ];
    for (const action of script) room.apply(action);
    subscription.unsubscribe();
    expect(log).toEqual(EXPECTED_DATA);
    expect(
      room.sent.flatMap((s) =>
        s.type === 'rpc-response'
          ? [s.error ? `error ${s.error.code}: ${s.error.message}` : (s.payload ?? '')]
          : [],
      ),
    ).toEqual(BEE_GOT);
    expect(
      room.sent
        .filter((s) => s.type === 'data')
        .map((s) => s.type === 'data' && new TextDecoder().decode(s.payload)),
    ).toEqual(['ack 1', 'ack 2']);
  });

  it('on real rooms: an observer and bee played by rtc-node through the dev server', async () => {
    const log: string[] = [];
    const waiters: Array<{ line: string; resolve: () => void }> = [];
    const seen = (line: string): Promise<void> =>
      log.includes(line)
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ line, resolve }));
    const observer = await rooms.join('observer', 'parity-data');
    const subscription = serveData(observer, (line) => {
      log.push(line);
      for (const w of waiters) if (w.line === line) w.resolve();
    });
    try {
      const bee: Room = await rooms.join('bee', 'parity-data');
      const acks: string[] = [];
      bee.on('dataReceived', (payload, _p, _k, topic) => {
        if (topic === 'ack') acks.push(new TextDecoder().decode(payload));
      });
      bee.localParticipant!.registerRpcMethod('echo', async ({ payload }) => `echo:${payload}`);
      const send = (text: string) =>
        bee.localParticipant!.publishData(new TextEncoder().encode(text), {
          reliable: true,
          topic: 'typed',
        });
      await send('{"n":1}');
      await seen('ack-sent:0:bee');
      await send('{"n":');
      await seen('decoded:left:1:bee:json');
      await send('{"n":2}');
      await seen('ack-sent:1:bee');
      await bee.localParticipant!.sendChatMessage('hello');
      await seen('chat:bee:hello');
      await bee.localParticipant!.publishDtmf(5, '5');
      await seen('dtmf:bee:5');
      const beeGot: string[] = [];
      const greet = (payload: string) =>
        bee.localParticipant!.performRpc({
          destinationIdentity: 'observer',
          method: 'greet',
          payload,
        });
      beeGot.push(await greet(''));
      await seen('rpc-handled:answered:hi bee');
      beeGot.push(
        await greet('fail').then(
          () => 'no error',
          (err: RpcError) => `error ${err.code}: ${err.message}`,
        ),
      );
      await seen('rpc-handled:failed:4001');
      await bee.localParticipant!.sendChatMessage('call me');
      await seen('rpc-answer:echo:ping');
      const left = seen('left:bee');
      await bee.disconnect();
      await left;
      expect(beeGot).toEqual(BEE_GOT);
      expect(acks).toEqual(['ack 1', 'ack 2']);
    } finally {
      subscription.unsubscribe();
    }
    expect(log).toEqual(EXPECTED_DATA);
  });
});
