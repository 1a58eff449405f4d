import type { ApmProcessor, ApmSettings } from './ApmProcessor';
import { ffiApmProcessor } from './ffiApmProcessor';

/**
 * Where {@link apm} gets its native processors: `create` is {@link ffiApmProcessor}. The seam for
 * tests, never exported from the package: marble tests swap `create` for a fake to run the
 * operator without the native runtime, and native tests wrap it to observe every handle.
 * @internal
 */
export const apmProcessorFactory: { create: (settings: ApmSettings) => ApmProcessor } = {
  create: ffiApmProcessor,
};
