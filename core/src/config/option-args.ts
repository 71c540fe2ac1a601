import { ErrorCode, WinnowError } from '../errors';
import { didYouMean } from './did-you-mean';

/**
 * Refuses a `--flag` that is neither one of the command's own flags nor a run or stage option, naming the
 * nearest valid one: `--blurr.threshold` is a typo of `--blur.threshold`, not a value to pass elsewhere. `argv` is
 * what remains after the options were split off (see `splitOptionArgs`); `known` are flag names without dashes.
 */
export function checkFlagNames(argv: readonly string[], known: readonly string[]): void {
  for (const token of argv) {
    if (token === '--') return;
    if (!token.startsWith('--')) continue;
    const name = token.slice(2).split('=')[0];
    if (known.includes(name) || (name.startsWith('no-') && known.includes(name.slice(3)))) continue;
    const near = didYouMean(name, known);
    throw new WinnowError(ErrorCode.Usage, `unknown flag --${name}${near ? `; did you mean --${near}?` : ''}`, {
      suggestions: ['`winnow run --help` lists every run and stage option'],
    });
  }
}
