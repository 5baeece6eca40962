/**
 * What the mock serves: the documents (the bundled ECS, BMS and RFS ones, or the files given with --document),
 * their operations and routes from the shared reader and router, and each operation's Prism counterpart.
 */
import { listOperations, type OpenApiDocument, type OperationInfo, SERVICES } from '../../openapi/documents.ts';
import { loadDocument, readDocumentFile } from '../../openapi/load.ts';
import { compileRoutes, type Route } from '../../openapi/routes.ts';
import { StartupError } from '../http.ts';
import { type PrismOperation, prismOperations } from './prism.ts';

export interface MockOperation extends OperationInfo {
  prism: PrismOperation;
}

export interface MockDocuments {
  /** By service name: the bundled services, or a --document file's base name. */
  documents: Record<string, OpenApiDocument>;
  operations: MockOperation[];
  routes: Route<MockOperation>[];
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
      for (const service of SERVICES) documents[service] = loadDocument(service);
    }
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  const operations: MockOperation[] = [];
  for (const [service, doc] of Object.entries(documents)) {
    let infos: OperationInfo[];
    let prismOps: PrismOperation[];
    try {
      infos = listOperations(doc, service);
      prismOps = await prismOperations(doc);
    } catch (error) {
      throw new StartupError(`document ${service} cannot be used: ${(error as Error).message}`);
    }
    if (infos.length === 0) throw new StartupError(`document ${service} has no operations`);
    for (const info of infos) {
      const prism = prismOps.find((p) => p.method.toLowerCase() === info.method && p.path === info.path);
      if (!prism) throw new StartupError(`document ${service}: Prism did not read ${info.method.toUpperCase()} ${info.path}`);
      operations.push({ ...info, prism });
    }
  }
  let routes: Route<MockOperation>[];
  try {
    // The one-port design relies on the documents not sharing a route: fail loudly if a new one does.
    routes = compileRoutes(operations);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  return { documents, operations, routes };
}
