import { runToExit } from './helpers/runToExit';

describe('bad E2EE input never reaches the native side', () => {
  it('every bad key, index, identity and room is a named error, and the process lives on', async () => {
    // In a child process: an index outside the key ring aborts the native side, and jest with it.
    const { code, out } = await runToExit('e2ee-bad-input.ts');
    const lines = out.split('\n').filter((line) => !line.startsWith('{')); // rtc-node debug logs
    expect({ code, lines }).toEqual({
      code: 0,
      lines: [
        'ratchet 99: EncryptionKeyError key-index',
        'ratchet -5: EncryptionKeyError key-index',
        'set index 16: EncryptionKeyError key-index',
        'set string: EncryptionKeyError key-type',
        'set empty: EncryptionKeyError key-empty',
        'setKey mallory: EncryptionKeyError unknown-participant',
        'set on plain room: EncryptionNotEnabledError no-encryption',
        'connect ring 300: EncryptionKeyError key-ring-size',
        'rtcStats disconnected: RoomNotConnectedError',
        'ratchet 0: 32 bytes',
        'alive',
        '',
      ],
    });
  }, 60_000);
});
