// The kit's second process: runs one RunSpec (JSON in argv[2]) and prints its outcome as one JSON line.
import { runOnce, type RunSpec } from './conformance-run';

runOnce(JSON.parse(process.argv[2]) as RunSpec).then(
  (outcome) => process.stdout.write(JSON.stringify(outcome) + '\n'),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
