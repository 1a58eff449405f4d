// Every test file starts with rtc-node's logger at 'warn' (its default, debug, prints a JSON line
// on every connect). RTC_LOG_LEVEL=debug npm test brings the lines back when debugging.
import { setRtcLogLevel, type RtcLogLevel } from '../../src/room/setRtcLogLevel';

setRtcLogLevel((process.env.RTC_LOG_LEVEL as RtcLogLevel | undefined) ?? 'warn');
