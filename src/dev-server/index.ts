/**
 * livekit-rx/dev-server: a local LiveKit-compatible server for development, tests and demos.
 * Production rooms run on LiveKit Cloud or livekit-server; the same client code connects to
 * either by URL and token. Nothing in `livekit-rx` imports this entry point, so its
 * dependencies (werift, ws, @livekit/protocol, livekit-server-sdk) load only when you do.
 * @packageDocumentation
 */
export {
  startDevServer,
  type CreateTokenOptions,
  type DevServer,
  type DevServerOptions,
  type ParticipantChange,
} from './startDevServer';
export { DevServerError, type DevServerErrorInfo } from '../errors/DevServerError';
