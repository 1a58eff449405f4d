import { LiveKitRxError } from '../../src/errors/LiveKitRxError';
import * as devServer from 'livekit-rx/dev-server';

describe('livekit-rx/dev-server public surface', () => {
  it('exports startDevServer and DevServerError, and nothing else', () => {
    expect(Object.keys(devServer).sort()).toEqual(['DevServerError', 'startDevServer']);
  });

  it('DevServerError is a LiveKitRxError with its name and typed info', () => {
    const err = new devServer.DevServerError('no', { kind: 'listen', host: 'h', port: 1 });
    expect(err).toBeInstanceOf(LiveKitRxError);
    expect([err.name, err.message, err.info]).toEqual([
      'DevServerError',
      'no',
      { kind: 'listen', host: 'h', port: 1 },
    ]);
  });
});
