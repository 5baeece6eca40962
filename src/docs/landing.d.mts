// Types for landing.mjs (the model that model.mjs derives from the documents), for the TypeScript tests.
export interface Endpoint {
  url: string;
  description: string;
  defaultRegion?: string;
}
export interface OperationModel {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  href: string;
  /** Endpoints of the operation when they differ from its service's (path or operation `servers`). */
  endpoints: Endpoint[] | null;
}
export interface ServiceModel {
  name: string;
  label: string;
  title: string;
  summary: string;
  version: string;
  page: string;
  endpoints: Endpoint[];
  operations: OperationModel[];
}
export interface ErrorFormat {
  example: unknown;
  source: string;
  services: Set<string>;
}
export declare function renderLanding(model: { services: ServiceModel[]; errors: Record<'native' | 'nova' | 'flat', ErrorFormat | undefined> }): string;
