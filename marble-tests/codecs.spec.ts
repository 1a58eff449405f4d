import { DataPacketKind } from '@livekit/rtc-node';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import protobuf from 'protobufjs';
import { join } from 'node:path';
import { map, of } from 'rxjs';
import {
  decode,
  DecodeError,
  decodeOrSkip,
  decodeStrict,
  encode,
  EncodeError,
  jsonCodec,
  protobufCodec,
  textCodec,
  type Codec,
  type DataPacket,
} from 'livekit-rx/operators';
import { TestRoom } from 'livekit-rx/testing';
import { dataReceived } from 'livekit-rx';
import { testScheduler } from './scheduler';

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (s: string) => new TextEncoder().encode(s);
const root = protobuf.loadSync(join(__dirname, 'fixtures', 'chat.proto'));
const Chat = root.lookupType('chat.Message');
interface ChatMessage {
  text: string;
  seq: number;
  mood: number;
  tags: string[];
}
const chat = protobufCodec<ChatMessage>(Chat);

/** A Left's error, or fails the test. */
function leftOf<T>(result: Either<DecodeError, T>): DecodeError {
  if (result._tag === 'Right') throw new Error(`expected a Left, got ${JSON.stringify(result)}`);
  return result.left;
}
const unlocated = { index: undefined, sender: undefined, topic: undefined };

describe('textCodec', () => {
  it('round-trips text, a BOM and astral characters included', () => {
    for (const text of ['', 'hello', 'ünïcødé 😀', '\uFEFFbom']) {
      expect(textCodec.decode(textCodec.encode(text))).toEqual(right(text));
    }
  });

  it('refuses bytes that are not UTF-8, naming the first bad byte (never U+FFFD)', () => {
    const cases: Array<[Uint8Array, string]> = [
      [bytes(0xff, 0xfe), 'invalid UTF-8: byte 0xff at offset 0'],
      [bytes(0x68, 0x69, 0xc3, 0x28), 'invalid UTF-8: byte 0x28 at offset 3'],
      [
        bytes(0x61, 0xe2, 0x82),
        'invalid UTF-8: the bytes end inside the character that starts at offset 1 (0xe2)',
      ],
      [bytes(0xed, 0xa0, 0x80), 'invalid UTF-8: byte 0xa0 at offset 1'], // a surrogate
      [bytes(0xc0, 0xaf), 'invalid UTF-8: byte 0xc0 at offset 0'], // overlong
    ];
    for (const [input, detail] of cases) {
      const err = leftOf(textCodec.decode(input));
      expect(err).toBeInstanceOf(DecodeError);
      expect(err.info).toEqual({
        codec: 'text',
        problem: 'utf8',
        detail,
        byteLength: input.length,
        ...unlocated,
      });
      expect((err.cause as Error).name).toBe('TypeError'); // from another realm under jest
    }
    expect(leftOf(textCodec.decode(bytes(0xff))).message).toBe(
      'text codec: 1 bytes is not valid UTF-8: invalid UTF-8: byte 0xff at offset 0. Check what ' +
        'the sender encodes; decodeOrSkip skips such items, decode keeps them as Left values.',
    );
  });
});

describe('jsonCodec', () => {
  interface Pos {
    x: number;
  }
  const isPos = (v: unknown): v is Pos =>
    typeof v === 'object' && v !== null && typeof (v as Pos).x === 'number';

  it('round-trips JSON values', () => {
    const codec = jsonCodec();
    for (const value of [{ a: [1, 'b', null] }, 'text', 3, true, null]) {
      expect(codec.decode(codec.encode(value))).toEqual(right(value));
    }
    expect(new TextDecoder().decode(codec.encode({ a: 1 }))).toBe('{"a":1}');
  });

  it('a Left for bytes that are not UTF-8, for text that is not JSON, and for JSON the guard refuses', () => {
    const codec = jsonCodec(isPos);
    expect(leftOf(codec.decode(bytes(0x7b, 0xff))).info).toMatchObject({
      codec: 'json',
      problem: 'utf8',
      detail: 'invalid UTF-8: byte 0xff at offset 1',
    });
    const notJson = leftOf(codec.decode(utf8('{"x":')));
    expect(notJson.info).toMatchObject({ codec: 'json', problem: 'json', byteLength: 5 });
    expect(notJson.cause).toBeInstanceOf(SyntaxError);
    expect(notJson.info.detail).toBe((notJson.cause as SyntaxError).message);
    expect(leftOf(codec.decode(utf8('{"y":1}'))).info).toMatchObject({
      problem: 'guard',
      detail: 'the guard isPos refused {"y":1}',
    });
    expect(codec.decode(utf8('{"x":2}'))).toEqual(right({ x: 2 }));
  });

  it('accepts an Either decoder (io-ts style) as the guard, and says why it refused', () => {
    const decoder = {
      decode: (v: unknown): Either<string, Pos> =>
        isPos(v) ? right(v) : left('x must be a number'),
    };
    const codec = jsonCodec(decoder);
    expect(codec.decode(utf8('{"x":1}'))).toEqual(right({ x: 1 }));
    expect(leftOf(codec.decode(utf8('{"x":"1"}'))).info.detail).toBe(
      'the decoder refused {"x":"1"}: "x must be a number"',
    );
  });

  it('encode throws an EncodeError for values JSON.stringify refuses', () => {
    const codec = jsonCodec<unknown>();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => codec.encode(cyclic)).toThrow(EncodeError);
    expect(() => codec.encode(10n)).toThrow(
      /json codec: cannot encode a value: Do not know how to serialize a BigInt/,
    );
    expect(() => codec.encode(undefined)).toThrow(
      'json codec: cannot encode a value: JSON.stringify gives nothing for undefined.',
    );
  });
});

describe('protobufCodec', () => {
  const message: ChatMessage = { text: 'hi', seq: 7, mood: 1, tags: ['a', 'b'] };

  it('round-trips a message of a type loaded from a .proto file', () => {
    const wire = chat.encode(message);
    expect(wire).toEqual(Chat.encode(Chat.fromObject(message)).finish());
    const decoded = chat.decode(wire);
    expect(decoded._tag).toBe('Right');
    expect(Chat.toObject((decoded as unknown as { right: protobuf.Message }).right)).toEqual(
      message,
    );
  });

  it('works with a type built by reflection', () => {
    const Point = new protobuf.Type('Point')
      .add(new protobuf.Field('x', 1, 'sint32'))
      .add(new protobuf.Field('label', 2, 'string'));
    new protobuf.Root().define('geo').add(Point);
    const codec = protobufCodec<{ x: number; label: string }>(Point);
    expect(codec.name).toBe('protobuf geo.Point');
    expect(codec.decode(codec.encode({ x: -3, label: 'p' }))).toMatchObject(
      right({ x: -3, label: 'p' }),
    );
  });

  it('a Left with protobufjs’s words for malformed bytes; unknown fields are skipped', () => {
    const badWireType = leftOf(chat.decode(bytes(0x0f)));
    expect(badWireType.info).toEqual({
      codec: 'protobuf chat.Message',
      problem: 'protobuf',
      detail: 'invalid wire type 7 at offset 1',
      byteLength: 1,
      ...unlocated,
    });
    expect(badWireType.cause).toBeInstanceOf(Error);
    // Field 1 (text) says 10 bytes follow, 2 do.
    expect(leftOf(chat.decode(bytes(0x0a, 0x0a, 0x68, 0x69))).info).toMatchObject({
      problem: 'protobuf',
      detail: 'index out of range: 2 + 10 > 4',
    });
    // Field 15, a varint the schema does not know: skipped.
    expect(chat.decode(bytes(0x78, 0x01, 0x0a, 0x01, 0x61))).toMatchObject(right({ text: 'a' }));
  });

  it('proto2: a missing required field is a Left; an enum value the schema lacks is dropped, proto3 keeps it', () => {
    const Alarm = protobuf
      .loadSync(join(__dirname, 'fixtures', 'legacy.proto'))
      .lookupType('legacy.Alarm');
    const alarm = protobufCodec<{ name: string; level?: number }>(Alarm);
    expect(leftOf(alarm.decode(bytes(0x10, 0x01))).info).toMatchObject({
      codec: 'protobuf legacy.Alarm',
      problem: 'protobuf',
      detail: "missing required 'name'",
    });
    const levelNine = bytes(0x0a, 0x01, 0x61, 0x10, 0x09);
    const decoded = alarm.decode(levelNine);
    expect(decoded).toMatchObject(right({ name: 'a' }));
    // Dropped: not set on the message (the prototype's proto2 default, LOW, shows through).
    expect(Object.keys((decoded as { right: object }).right)).toEqual(['name']);
    expect(chat.decode(bytes(0x18, 0x09))).toMatchObject(right({ mood: 9 }));
  });

  it('encode throws an EncodeError for a value that fails verify (no silent coercion)', () => {
    const hint =
      " Fix the value where it is made (for protobuf: the type's field names and types).";
    expect(() => chat.encode({ text: 5 } as never)).toThrow(
      'protobuf chat.Message codec: cannot encode a value: text: string expected.' + hint,
    );
    // Enum names are not numbers: convert with the type's fromObject first.
    expect(() => chat.encode({ mood: 'GRUMPY' } as never)).toThrow(
      'protobuf chat.Message codec: cannot encode a value: mood: enum value expected.' + hint,
    );
    const converted = Chat.fromObject({ text: 'x', mood: 'GRUMPY' }) as unknown as ChatMessage;
    expect(chat.decode(chat.encode(converted))).toMatchObject(right({ text: 'x', mood: 2 }));
  });
});

describe('decode, decodeOrSkip, decodeStrict, encode', () => {
  const good = (text: string, seq: number) => chat.encode({ text, seq, mood: 0, tags: [] });
  const malformed = bytes(0x0f);
  const room = new TestRoom({ participants: [{ identity: 'alice' }] });
  const packet = (payload: Uint8Array): DataPacket => ({
    payload,
    participant: room.remoteParticipants.get('alice'),
    kind: DataPacketKind.KIND_RELIABLE,
    topic: 'chat',
    encryptionType: undefined,
  });
  const values = { a: packet(good('one', 1)), x: packet(malformed), b: packet(good('two', 2)) };
  const textOf = (m: ChatMessage) => `${m.seq}:${m.text}`;

  it('decode: a malformed packet is a located Left, and the stream goes on', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const packets = hot('--a--x--b--|', values);
      const shown = packets.pipe(
        decode(chat),
        map((r) => (r._tag === 'Right' ? textOf(r.right) : `L${r.left.info.index}`)),
      );
      expectObservable(shown).toBe('--a--x--b--|', { a: '1:one', x: 'L1', b: '2:two' });
      expectSubscriptions(packets.subscriptions).toBe('^----------!');
    });
    const err = leftOf(
      (() => {
        let last: Either<DecodeError, ChatMessage> | undefined;
        of(values.a, values.x)
          .pipe(decode(chat))
          .subscribe((r) => (last = r));
        return last as Either<DecodeError, ChatMessage>;
      })(),
    );
    expect(err.info).toEqual({
      codec: 'protobuf chat.Message',
      problem: 'protobuf',
      detail: 'invalid wire type 7 at offset 1',
      byteLength: 1,
      index: 1,
      sender: 'alice',
      topic: 'chat',
    });
    expect(err.message).toBe(
      'protobuf chat.Message codec: item 1 from alice on topic "chat" (1 bytes) is not a ' +
        'well-formed message: invalid wire type 7 at offset 1. Check what the sender encodes; ' +
        'decodeOrSkip skips such items, decode keeps them as Left values.',
    );
  });

  it('decode takes bytes and strings too (strings as their UTF-8 bytes)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold<Uint8Array | string>('-a-b-c|', {
        a: utf8('{"n":1}'),
        b: '{"n":2}',
        c: 'nope',
      });
      expectObservable(
        input.pipe(
          decode(jsonCodec<{ n: number }>()),
          map((r) =>
            r._tag === 'Right' ? r.right.n : `${r.left.info.problem}@${r.left.info.index}`,
          ),
        ),
      ).toBe('-a-b-c|', { a: 1, b: 2, c: 'json@2' });
    });
  });

  it('decodeOrSkip skips bad items, telling the observer each error and the running count', () => {
    const told: Array<[number | undefined, number]> = [];
    testScheduler().run(({ hot, expectObservable }) => {
      const packets = hot('--a--x--x--b--|', values);
      const decoded = packets.pipe(
        decodeOrSkip(chat, {
          skipped: { next: (err, total) => told.push([err.info.index, total]) },
        }),
        map(textOf),
      );
      expectObservable(decoded).toBe('--a--------b--|', { a: '1:one', b: '2:two' });
    });
    expect(told).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('decodeOrSkip: an observer that throws ends the stream with its error', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const packets = hot('--a--x--b--|', values);
      const boom = new Error('observer broke');
      const decoded = packets.pipe(
        decodeOrSkip(chat, {
          skipped: {
            next: () => {
              throw boom;
            },
          },
        }),
        map(textOf),
      );
      expectObservable(decoded).toBe('--a--#', { a: '1:one' }, boom);
      expectSubscriptions(packets.subscriptions).toBe('^----!');
    });
  });

  it('decodeStrict ends with the first DecodeError and unsubscribes from the input', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const packets = hot('--a--x--b--|', values);
      const expected = leftOf(decodeItemOf(values.x, 1));
      expectObservable(packets.pipe(decodeStrict(chat), map(textOf))).toBe(
        '--a--#',
        { a: '1:one' },
        expected,
      );
      expectSubscriptions(packets.subscriptions).toBe('^----!');
    });
  });

  it('encode emits each value’s bytes, and ends with an EncodeError naming the index', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold<unknown>('-a-b-c|', { a: { n: 1 }, b: 10n, c: { n: 3 } });
      expectObservable(input.pipe(encode(jsonCodec<unknown>()))).toBe(
        '-a-#',
        { a: utf8('{"n":1}') },
        new EncodeError({
          codec: 'json',
          index: 1,
          detail: 'Do not know how to serialize a BigInt',
        }),
      );
    });
  });

  it('a codec of your own that throws in decode, or returns a foreign Left, gives problem "codec"', () => {
    const throwing: Codec<number> = {
      name: 'mine',
      encode: () => bytes(),
      decode: () => {
        throw new RangeError('no');
      },
    };
    const foreign: Codec<number> = {
      encode: () => bytes(),
      decode: () => left('bad' as never),
    };
    const first = (codec: Codec<number>) => {
      let out: Either<DecodeError, number> | undefined;
      of(bytes(1))
        .pipe(decode(codec))
        .subscribe((r) => (out = r));
      return leftOf(out as Either<DecodeError, number>).info;
    };
    expect(first(throwing)).toMatchObject({
      codec: 'mine',
      problem: 'codec',
      detail: 'no',
      index: 0,
    });
    expect(first(foreign)).toMatchObject({
      codec: 'custom',
      problem: 'codec',
      detail: 'the codec returned a Left that is not a DecodeError: bad',
    });
  });

  it('decodes what dataReceived emits on a TestRoom, in virtual time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const testRoom = new TestRoom({ participants: [{ identity: 'bob' }] });
      testRoom.play(
        cold('-a-x-b', {
          a: { type: 'data', from: 'bob', payload: good('hey', 1), topic: 'chat' },
          x: { type: 'data', from: 'bob', payload: malformed, topic: 'chat' },
          b: { type: 'data', from: 'bob', payload: good('ho', 2), topic: 'chat' },
        }),
      );
      expectObservable(
        dataReceived(testRoom, { topic: 'chat' }).pipe(
          decode(chat),
          map((r) =>
            r._tag === 'Right' ? textOf(r.right) : `${r.left.info.sender}:${r.left.info.index}`,
          ),
        ),
      ).toBe('-a-x-b', { a: '1:hey', x: 'bob:1', b: '2:ho' });
    });
  });

  /** Decodes one packet at `index` as the operator would. */
  function decodeItemOf(item: DataPacket, index: number): Either<DecodeError, ChatMessage> {
    let out: Either<DecodeError, ChatMessage> | undefined;
    of(...Array<DataPacket>(index).fill(values.a), item)
      .pipe(decode(chat))
      .subscribe((r) => (out = r));
    return out as Either<DecodeError, ChatMessage>;
  }
});
