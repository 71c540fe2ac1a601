/**
 * The TypeBox runtime the host and every plugin share (`Type` through `@winnow/sdk`, `Value` for the host's
 * config checks). The build bundles this file into one module (esbuild, `npm run bundle`): TypeBox's own
 * package is ~250 small modules whose loading cost every command ~100 ms; the bundle loads in ~20 ms.
 */
export { Type } from '@sinclair/typebox';
export { Value, ValueErrorType } from '@sinclair/typebox/value';
