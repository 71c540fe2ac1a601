import { describeOptions, type OptionDescriptor, type StageRegistry } from '@winnow/core';

/** Every exporter's options as `--<format>.<option>` flags, from their schemas. */
export function exporterOptionDescriptors(registry: StageRegistry): OptionDescriptor[] {
  return registry.exporters().flatMap(({ exporter }) => describeOptions(exporter.options, [exporter.name]));
}

/** The chosen format's options also without their prefix (`--val 0.3` for `--format yolo`), except where a command flag has that name. */
export function unprefixed(options: readonly OptionDescriptor[], format: string, taken: readonly string[]): OptionDescriptor[] {
  return options
    .filter((o) => o.path[0] === format)
    .map((o) => ({ ...o, flag: o.flag.slice(format.length + 1) }))
    .filter((o) => !taken.includes(o.flag));
}

/** `--format` as argv gives it (before oclif parses), or the default. */
export function formatOf(argv: readonly string[], fallback: string): string {
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i];
    if (t === '--format' || t === '-f') return argv[i + 1] ?? fallback;
    if (t.startsWith('--format=')) return t.slice('--format='.length);
  }
  return fallback;
}
