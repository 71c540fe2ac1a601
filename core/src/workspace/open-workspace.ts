import { existsSync } from 'node:fs';
import { ErrorCode, WinnowError } from '../errors';
import { STATE_VERSION, WorkspaceLayout } from './layout';

/** State formats of earlier releases that `winnow state import` translates. */
export const IMPORTABLE_STATES = ['v1'] as const;

/**
 * The layout of a workspace this release can use: refuses one that holds only an earlier state format (its
 * results would otherwise be silently ignored and computed again), naming the one-shot command that translates it.
 */
export function openWorkspace(root: string): WorkspaceLayout {
  const layout = new WorkspaceLayout(root);
  if (!existsSync(layout.state)) {
    const old = IMPORTABLE_STATES.find((v) => existsSync(layout.stateOf(v)));
    if (old) {
      throw new WinnowError(ErrorCode.WorkspaceOldState, `workspace ${layout.root} holds state/${old} of an earlier Winnow; this release reads state/${STATE_VERSION}`, {
        suggestions: [`translate it once with: winnow state import --workspace ${layout.root}`, 'or use another --workspace to start afresh'],
      });
    }
  }
  return layout;
}
