// `@winnow/core/catalog`: what listing stages needs without loading core, TypeBox or any plugin.
export { catalogFingerprint, readCachedCatalog, writeCachedCatalog } from './stage-catalog';
export { runPlugins } from './run-plugins';
export type { CatalogExporter, CatalogOption, CatalogPlugin, CatalogStage, StageCatalog } from './stage-catalog';
