import * as Flags from '@oclif/core/flags';
import { verifyWorkspace, type Verification } from '@winnow/core';
import { WinnowCommand } from '../services/winnow-command';

export default class Verify extends WinnowCommand {
  static summary = 'Check every checkpoint, catalog, artifact and job record of a workspace (like git fsck).';
  static description =
    'Artifacts are read and hashed, checkpoints and catalogs validated, and what each references checked. Exits 1 when something is wrong. ' +
    'With --repair, what is broken is set aside (artifacts/quarantine, state/v2/quarantine) so that the next run recomputes exactly that.';
  static examples = ['<%= config.bin %> verify', '<%= config.bin %> verify --repair --json'];
  static flags = {
    repair: Flags.boolean({ summary: 'Set aside what is broken, so that the next run recomputes it.', default: false }),
  };

  async run(): Promise<Verification> {
    const { flags } = await this.parse(Verify);
    const v = await verifyWorkspace(flags.workspace, flags.repair);
    if (!this.jsonEnabled()) {
      const c = v.checked;
      this.log(`checked ${c.artifacts} artifact(s), ${c.checkpoints} checkpoint(s), ${c.catalogs} catalog(s), ${c.jobs} job record(s) in ${v.workspace}`);
      for (const p of v.problems) this.log(`  ${p.kind}: ${p.path}: ${p.message}${p.setAside ? ` (set aside: ${p.setAside})` : ''}`);
      this.log(v.problems.length === 0 ? 'no problems found' : `${v.problems.length} problem(s)${v.repaired ? '; broken files set aside: run the pipeline again to recompute them' : '; run `winnow verify --repair` to set them aside'}`);
    }
    if (v.problems.length > 0 && !v.repaired) process.exitCode = 1;
    return v;
  }
}
