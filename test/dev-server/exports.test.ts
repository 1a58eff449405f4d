import * as devServer from 'livekit-rx-dev-server';

describe('livekit-rx-dev-server public surface', () => {
  it('exports startDevServer and DevServerError, and nothing else', () => {
    expect(Object.keys(devServer).sort()).toEqual(['DevServerError', 'startDevServer']);
  });

  it('DevServerError is a named Error with its typed info and cause', () => {
    const cause = new Error('EADDRINUSE');
    const err = new devServer.DevServerError('no', { kind: 'listen', host: 'h', port: 1 }, cause);
    expect(err).toBeInstanceOf(Error);
    expect([err.name, err.message, err.info, err.cause]).toEqual([
      'DevServerError',
      'no',
      { kind: 'listen', host: 'h', port: 1 },
      cause,
    ]);
  });
});
