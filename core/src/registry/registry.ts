import semverSatisfies from 'semver/functions/satisfies';
import semverValidRange from 'semver/ranges/valid';
import type { Exporter, PluginContribution, Stage } from '@winnow/sdk';
import { API_VERSION } from '@winnow/sdk';
import { ErrorCode, WinnowError, errorMessage } from '../errors';
import { didYouMean } from '../config/did-you-mean';
import type { PluginInfo } from './plugin-info';
import { validateExporter, validateStage } from './validate-stage';

export interface RegisteredStage {
  readonly stage: Stage;
  readonly plugin: PluginInfo;
}

export interface RegisteredExporter {
  readonly exporter: Exporter;
  readonly plugin: PluginInfo;
}

export interface PluginProblem {
  readonly plugin: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Every stage and exporter the host knows, with the plugin each came from. A plugin that is incompatible or
 * broken is recorded as a problem and left out; the others keep working.
 */
export class StageRegistry {
  readonly #stages = new Map<string, RegisteredStage>();
  readonly #exporters = new Map<string, RegisteredExporter>();
  readonly #problems: PluginProblem[] = [];

  /** Adds what one plugin contributes, all or nothing. Returns false (and records why) when it is refused. */
  add(plugin: PluginInfo, contribution: PluginContribution): boolean {
    try {
      this.#check(plugin, contribution);
    } catch (e) {
      this.#problems.push({ plugin: plugin.name, code: (e as { code?: string }).code ?? ErrorCode.PluginLoad, message: errorMessage(e) });
      return false;
    }
    for (const stage of contribution.stages ?? []) this.#stages.set(stage.name, { stage, plugin });
    for (const exporter of contribution.exporters ?? []) this.#exporters.set(exporter.name, { exporter, plugin });
    return true;
  }

  /** Records a plugin that failed before it could contribute anything (its hook threw). */
  addProblem(problem: PluginProblem): void {
    this.#problems.push(problem);
  }

  get problems(): readonly PluginProblem[] {
    return this.#problems;
  }

  stages(): RegisteredStage[] {
    return [...this.#stages.values()];
  }

  exporters(): RegisteredExporter[] {
    return [...this.#exporters.values()];
  }

  stage(name: string): RegisteredStage {
    const hit = this.#stages.get(name);
    if (!hit) {
      const near = didYouMean(name, this.#stages.keys());
      throw new WinnowError(ErrorCode.StageUnknown, `unknown stage "${name}"${near ? `; did you mean "${near}"?` : ''}`, {
        suggestions: [`known stages: ${[...this.#stages.keys()].sort().join(', ') || 'none'}`, 'install its plugin with: winnow plugins install <plugin>'],
      });
    }
    return hit;
  }

  exporter(name: string): RegisteredExporter {
    const hit = this.#exporters.get(name);
    if (!hit) {
      throw new WinnowError(ErrorCode.ExporterUnknown, `unknown export format "${name}"`, { suggestions: [`known formats: ${[...this.#exporters.keys()].sort().join(', ')}`] });
    }
    return hit;
  }

  #check(plugin: PluginInfo, contribution: PluginContribution): void {
    const range = contribution.apiVersion;
    if (typeof range !== 'string' || semverValidRange(range) === null) {
      throw new WinnowError(ErrorCode.PluginIncompatible, `plugin ${plugin.name}@${plugin.version} does not declare a valid apiVersion range (got ${JSON.stringify(range)}); this host provides API ${API_VERSION}`);
    }
    if (!semverSatisfies(API_VERSION, range)) {
      throw new WinnowError(ErrorCode.PluginIncompatible, `plugin ${plugin.name}@${plugin.version} requires Winnow API ${range}, but this host provides ${API_VERSION}`, {
        suggestions: [`update the plugin (winnow plugins update) or install a version built for API ${API_VERSION}`],
      });
    }
    for (const stage of contribution.stages ?? []) {
      validateStage(stage, plugin.name);
      const other = this.#stages.get(stage.name);
      if (other && other.plugin.name !== plugin.name) {
        throw new WinnowError(ErrorCode.StageDuplicate, `plugin ${plugin.name}: stage "${stage.name}" is already provided by plugin ${other.plugin.name}`);
      }
    }
    for (const exporter of contribution.exporters ?? []) validateExporter(exporter, plugin.name);
  }
}
