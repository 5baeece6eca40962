// What the portal shows, derived from the bundled documents through the shared reader (src/openapi/documents.ts):
// services, operations, endpoints, deep links and the error formats. Nothing here is a hard-coded list: a new
// service in SERVICES or a new operation in a document shows up on the next build.
import { listOperations, type OpenApiDocument, type OperationInfo, SERVICES, type ServerObject, type ServiceName } from '../openapi/documents.ts';
import { type ErrorShape, errorExamples, SHAPE_OF } from '../openapi/error-formats.ts';
import { sdkOperationsOf } from '../openapi/samples.ts';

export interface Endpoint {
  url: string;
  description: string;
  defaultRegion?: string;
}

/**
 * One official SDK operation. Usually one per OpenAPI operation; a path that serves two (BMS tags: create and
 * delete, told apart by the body's `action`) gives one entry each, with its own summary, linking to the one
 * operation of the reference page.
 */
export interface OperationModel {
  operationId: string;
  /** The body's `action` that selects this SDK operation, when its OpenAPI operation serves several. */
  action?: string;
  /** Upper case, as the pages show it. */
  method: string;
  path: string;
  summary: string;
  /** The operation's page and Redoc anchor, e.g. `ecs.html#/jobs/showjob`. */
  href: string;
  /** Endpoints of the operation when they differ from its service's (path or operation `servers`). */
  endpoints: Endpoint[] | null;
  /** The operation as the shared reader lists it: what the search index and the console read beyond the above. */
  source: OperationInfo;
}

export interface ServiceModel {
  name: ServiceName;
  label: string;
  title: string;
  summary: string;
  version: string;
  page: string;
  /** The document itself, as the portal serves it for download. */
  downloads: { json: string; yaml: string };
  endpoints: Endpoint[];
  operations: OperationModel[];
}

/** The first error example of one body shape in the documents, and the services whose documents use that shape. */
export interface ErrorFormat {
  example: unknown;
  /** Where the example comes from: `ECS ShowJob 404 NotFound`. */
  source: string;
  services: Set<string>;
  /** Every code of the shape in the documents' examples (for Nova faults, the fault names), in document order. */
  codes: Set<string>;
}

export type ErrorFormats = Record<ErrorShape, ErrorFormat | undefined>;

export interface PortalModel {
  services: ServiceModel[];
  errors: ErrorFormats;
}

export type Documents = Readonly<Record<ServiceName, OpenApiDocument>>;

/** The whole portal's model, services in SERVICES order. */
export function portalModel(documents: Documents): PortalModel {
  return { services: SERVICES.map((service) => serviceModel(service, documents[service])), errors: errorFormats(documents) };
}

/**
 * Redoc 3 routes an operation as `#/<slug(first tag)>/<slug(operationId)>` (lower case, spaces to dashes, the
 * `slugify` package's rules). That rule is only reproduced for plain names; anything else gets the legacy
 * `#operation/<operationId>` form, which Redoc 3 still accepts and rewrites to its own route.
 */
function redocAnchor(tag: string | undefined, operationId: string): string {
  const plain = /^[A-Za-z0-9_-]+(?: [A-Za-z0-9_-]+)*$/;
  if (tag && plain.test(tag) && plain.test(operationId)) {
    const slug = (s: string) => s.toLowerCase().replace(/ /g, '-');
    return `#/${slug(tag)}/${slug(operationId)}`;
  }
  return `#operation/${encodeURIComponent(operationId)}`;
}

const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

function endpoints(servers: readonly ServerObject[]): Endpoint[] {
  return servers.map((s) => {
    const defaultRegion = s.variables?.region?.default;
    return { url: s.url, description: s.description ?? '', ...(defaultRegion === undefined ? {} : { defaultRegion }) };
  });
}

function firstTag(op: OperationInfo): string | undefined {
  const tags = op.operation.tags;
  return Array.isArray(tags) && typeof tags[0] === 'string' ? tags[0] : undefined;
}

function serviceModel(service: ServiceName, doc: OpenApiDocument): ServiceModel {
  const page = `${service}.html`;
  const own = JSON.stringify(doc.servers ?? []);
  const operations = listOperations(doc, service).flatMap((op) =>
    sdkOperationsOf(op).map(
      (sdk): OperationModel => ({
        operationId: sdk.operationId,
        ...(sdk.action === undefined ? {} : { action: sdk.action }),
        method: op.method.toUpperCase(),
        path: op.path,
        summary: sdk.summary || text(op.operation.summary),
        href: page + redocAnchor(firstTag(op), op.operationId),
        // Server overrides (operation, then path item) matter here: BMS's native v2.1 API goes to the ECS host.
        endpoints: JSON.stringify(op.servers) === own ? null : endpoints(op.servers),
        source: op,
      }),
    ),
  );
  const info = doc.info ?? {};
  return {
    name: service,
    label: service.toUpperCase(),
    title: text(info.title, service),
    summary: text(info.summary),
    version: text(info.version),
    page,
    downloads: { json: `openapi/${service}.json`, yaml: `openapi/${service}.yaml` },
    endpoints: endpoints(doc.servers ?? []),
    operations,
  };
}

/**
 * Sorts the documents' error examples (errorExamples of src/openapi/error-formats.ts, the walk the servers use)
 * into their body shapes, keeping the first example of each and the services where it occurs. One service at a
 * time: the examples are keyed by operationId, and the portal names the service of each.
 */
function errorFormats(documents: Documents): ErrorFormats {
  const found: ErrorFormats = { huawei: undefined, nova: undefined, flat: undefined };
  for (const service of SERVICES) {
    const label = service.toUpperCase();
    for (const [operationId, byStatus] of errorExamples({ [service]: documents[service] })) {
      for (const [status, examples] of byStatus) {
        for (const { name, dialect, code, body } of examples) {
          const shape = SHAPE_OF[dialect];
          found[shape] ??= { example: body, source: `${label} ${operationId} ${status} ${name}`, services: new Set(), codes: new Set() };
          found[shape].services.add(label);
          if (code) found[shape].codes.add(code);
        }
      }
    }
  }
  return found;
}
