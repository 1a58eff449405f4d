import { EncryptionType } from '@livekit/rtc-node';
import { firstValueFrom } from 'rxjs';
import { connect, EncryptionKeyError, type ConnectOptions } from 'livekit-rx';

const key = new TextEncoder().encode('secret');

/** The error `connect` fails with for these options, before anything connects. */
function failure(options: ConnectOptions): Promise<unknown> {
  return firstValueFrom(connect('ws://127.0.0.1:1', 'token', options)).then(
    () => 'connected',
    (err: unknown) => err,
  );
}

describe('connect: E2EE options are checked before connecting', () => {
  it.each<[string, ConnectOptions, Partial<EncryptionKeyError['info']>]>([
    [
      'a string key (flat form)',
      { encryption: { sharedKey: 'secret' as unknown as Uint8Array } },
      { problem: 'key-type', field: 'encryption.sharedKey', actual: 'a string (6 characters)' },
    ],
    [
      'an empty key (rtc-node form)',
      { encryption: { keyProviderOptions: { sharedKey: new Uint8Array(0) } } },
      { problem: 'key-empty', field: 'encryption.keyProviderOptions.sharedKey' },
    ],
    [
      'a key ring of 256',
      { encryption: { sharedKey: key, keyRingSize: 256 } },
      {
        problem: 'key-ring-size',
        field: 'encryption.keyRingSize',
        expected: 'an integer from 1 to 255',
      },
    ],
    [
      'a key ring of 0',
      { encryption: { sharedKey: key, keyRingSize: 0 } },
      { problem: 'key-ring-size', actual: '0' },
    ],
    [
      'a negative ratchet window',
      { encryption: { sharedKey: key, ratchetWindowSize: -1 } },
      { problem: 'option', field: 'encryption.ratchetWindowSize' },
    ],
    [
      'a failure tolerance below -1',
      { encryption: { sharedKey: key, failureTolerance: -2 } },
      { problem: 'option', field: 'encryption.failureTolerance' },
    ],
    [
      'an unknown encryption type',
      { encryption: { sharedKey: key, encryptionType: 7 as EncryptionType } },
      {
        problem: 'option',
        field: 'encryption.encryptionType',
        expected: 'one of NONE, GCM, CUSTOM',
      },
    ],
    [
      'an empty ratchet salt',
      { encryption: { sharedKey: key, ratchetSalt: new Uint8Array(0) } },
      { problem: 'key-empty', field: 'encryption.ratchetSalt' },
    ],
    [
      'options that are not an object (the deprecated e2ee name)',
      { e2ee: 'on' as unknown as NonNullable<ConnectOptions['e2ee']> },
      { problem: 'option', field: 'e2ee', actual: 'a string (2 characters)' },
    ],
  ])('refuses %s with an EncryptionKeyError', async (_, options, info) => {
    const err = await failure(options);
    expect(err).toBeInstanceOf(EncryptionKeyError);
    expect((err as EncryptionKeyError).info).toMatchObject({
      operation: 'connect',
      index: undefined,
      ...info,
    });
    expect((err as Error).message).toMatch(/^connect: /);
  });
});
