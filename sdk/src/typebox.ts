/**
 * The TypeBox runtime the host and every plugin share (`Type` through `@winnow/sdk`, `Value` for the host's
 * config checks). The build bundles this file into one module (esbuild, `npm run bundle`): TypeBox's own
 * package is ~250 small modules whose loading cost every command ~100 ms; the bundle loads in ~10 ms. `Value`
 * holds only what the host calls, so that the bundle leaves out the rest of TypeBox's value module (~70 KB).
 */
import { Errors, ValueErrorType } from '@sinclair/typebox/errors';
import { Check, Clone, Default } from '@sinclair/typebox/value';

export { Type } from '@sinclair/typebox';
export { ValueErrorType };
export const Value = { Check, Clone, Default, Errors };
