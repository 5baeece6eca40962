/**
 * What the mock serves: the documents (the bundled ECS, BMS and RFS ones, or the files given with --document),
 * their operations and routes from the shared reader and router, and each operation's Prism counterpart. Prism
 * itself is loaded at start, but it reads a document (dereferencing it whole) only when that service is first
 * asked for: start-up then pays for none of them, and the first request for the one it needs.
 */
import { listOperations, type OpenApiDocument } from '../../openapi/documents.ts';
import { loadDocuments, readDocumentFile } from '../../openapi/load.ts';
import type { Route } from '../../openapi/routes.ts';
import { type ServedOperation, serveOperations } from '../../pipeline/operations.ts';
import { StartupError } from '../http.ts';
import { loadPrism, type PrismOperation, prismOperations } from './prism.ts';

export interface MockDocuments {
  /** By service name: the bundled services, or a --document file's base name. */
  documents: Record<string, OpenApiDocument>;
  /** In document order. */
  operations: ServedOperation[];
  routes: Route<ServedOperation>[];
  /** Prism's counterpart of an operation (the first call for a service has Prism read its document). */
  prismOperation(op: ServedOperation): Promise<PrismOperation>;
}

/** Reads the documents (`files`, else the bundled ones) and prepares them; problems are StartupErrors. */
export async function loadMockDocuments(files?: readonly string[]): Promise<MockDocuments> {
  const documents: Record<string, OpenApiDocument> = {};
  try {
    if (files && files.length > 0) {
      for (const file of files) {
        const { name, doc } = await readDocumentFile(file);
        if (documents[name]) throw new Error(`two documents are named ${name}; give files with different names`);
        documents[name] = doc;
      }
    } else {
      Object.assign(documents, loadDocuments());
    }
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  for (const [service, doc] of Object.entries(documents)) {
    let count: number;
    try {
      count = listOperations(doc, service).length;
    } catch (error) {
      throw new StartupError(`document ${service} cannot be used: ${(error as Error).message}`);
    }
    if (count === 0) throw new StartupError(`document ${service} has no operations`);
  }
  let served: ReturnType<typeof serveOperations>;
  try {
    // The one-port design relies on the documents not sharing a route: fail loudly if a new one does.
    served = serveOperations(documents);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  loadPrism();
  const perService = new Map<string, Promise<PrismOperation[]>>();
  const prismOperation = async (op: ServedOperation): Promise<PrismOperation> => {
    let read = perService.get(op.service);
    if (!read) {
      read = prismOperations(documents[op.service] as OpenApiDocument);
      perService.set(op.service, read);
    }
    const prism = (await read).find((p) => p.method.toLowerCase() === op.method && p.path === op.path);
    if (!prism) throw new Error(`Prism did not read ${op.method.toUpperCase()} ${op.path} of ${op.service}`);
    return prism;
  };
  return { documents, ...served, prismOperation };
}
