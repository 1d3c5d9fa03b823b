/**
 * Offline Argo CD ApplicationSet renderer: produces exactly the Applications the
 * ApplicationSet controller would create, with no cluster and no API server.
 */
export { AppSetError } from './errors.js';
export { renderApplicationSets, renderApplicationSetsSettled, RESOURCES_FINALIZER } from './render.js';
export type { RenderInput, RenderedApplication, RenderResult } from './render.js';
export { workingTreeSource, gitRefSource, listingSource } from './repo-source.js';
export type { RepoSource, GlobOptions } from './repo-source.js';
export type { GitFileGlobbing, RepoListing } from './glob.js';
export { applicationsToTable } from './table.js';
export { parseClusterSecret, IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from './generators/index.js';
export type { ClusterInfo } from './generators/index.js';
export {
  renderGoTemplate,
  parseGoTemplateOptions,
  TemplateExecError,
  TemplateSyntaxError,
} from './gotemplate/index.js';
export type { GoTemplateOptions, MissingKey } from './gotemplate/index.js';
export { sanitizeName as normalize, slugifyName as slugify } from './normalize.js';
