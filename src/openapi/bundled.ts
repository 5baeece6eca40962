/**
 * The bundled documents (generated/openapi/*.json) as data, imported rather than read from disk: what runs in a
 * browser page or a test process (the simulator's core, its MSW handlers) has them without a file system, and a
 * bundler inlines them. src/openapi/load.ts reads documents the user names.
 */
import bms from '../../generated/openapi/bms.json' with { type: 'json' };
import ecs from '../../generated/openapi/ecs.json' with { type: 'json' };
import rfs from '../../generated/openapi/rfs.json' with { type: 'json' };
import type { OpenApiDocument, ServiceName } from './documents.ts';

const BUNDLED: Readonly<Record<ServiceName, OpenApiDocument>> = { ecs, bms, rfs } as unknown as Record<ServiceName, OpenApiDocument>;

/** All bundled documents, keyed by service (one object per process: do not modify). */
export function loadDocuments(): Record<ServiceName, OpenApiDocument> {
  return { ...BUNDLED };
}

/** The bundled document of a service. */
export function loadDocument(service: ServiceName): OpenApiDocument {
  return BUNDLED[service];
}
