// Reads the bundled documents and derives what the landing page shows: services, operations, endpoints, deep
// links and the error formats. Nothing here is a hard-coded list: a new API in redocly.yaml or a new operation
// in a document shows up on the next build.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * The APIs of redocly.yaml (its `apis:` entries, in order) with their bundled JSON documents.
 * @param {string} root repository root
 */
export function loadDocuments(root) {
  const config = YAML.parse(readFileSync(join(root, 'redocly.yaml'), 'utf8'));
  return Object.entries(config.apis ?? {}).map(([name, api]) => {
    // bundle.mjs writes the JSON twin next to each `output:` YAML file.
    const jsonPath = join(root, String(api.output).replace(/\.ya?ml$/, '.json'));
    if (!existsSync(jsonPath)) throw new Error(`${jsonPath} is missing: run \`npm run bundle\` first`);
    return { name, jsonPath, doc: JSON.parse(readFileSync(jsonPath, 'utf8')) };
  });
}

/**
 * Redoc 3 routes an operation as `#/<slug(first tag)>/<slug(operationId)>` (lower case, spaces to dashes, the
 * `slugify` package's rules). That rule is only reproduced for plain names; anything else gets the legacy
 * `#operation/<operationId>` form, which Redoc 3 still accepts and rewrites to its own route.
 * @param {string | undefined} tag
 * @param {string} operationId
 */
export function redocAnchor(tag, operationId) {
  const plain = /^[A-Za-z0-9_-]+(?: [A-Za-z0-9_-]+)*$/;
  if (tag && plain.test(tag) && plain.test(operationId)) {
    const slug = (/** @type {string} */ s) => s.toLowerCase().replace(/ /g, '-');
    return `#/${slug(tag)}/${slug(operationId)}`;
  }
  return `#operation/${encodeURIComponent(operationId)}`;
}

/** @param {{ url: string, description?: string, variables?: Record<string, { default: string }> }[] | undefined} servers */
function endpoints(servers) {
  return (servers ?? []).map((s) => ({
    url: s.url,
    description: s.description ?? '',
    defaultRegion: s.variables?.region?.default,
  }));
}

/** @param {{ name: string, doc: any }} api */
export function serviceModel({ name, doc }) {
  const page = `${name}.html`;
  const serviceEndpoints = endpoints(doc.servers);
  const operations = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      // Server overrides (operation, then path item) matter here: BMS's native v2.1 API goes to the ECS host.
      const own = op.servers ?? item.servers;
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        href: page + redocAnchor(op.tags?.[0], op.operationId),
        endpoints: own ? endpoints(own) : null,
      });
    }
  }
  return {
    name,
    label: name.toUpperCase(),
    title: doc.info?.title ?? name,
    summary: doc.info?.summary ?? '',
    version: doc.info?.version ?? '',
    page,
    endpoints: serviceEndpoints,
    operations,
  };
}

/** Follows local `#/components/...` references. */
function deref(doc, node) {
  let at = node;
  while (at && typeof at.$ref === 'string') {
    at = at.$ref
      .slice(2)
      .split('/')
      .reduce((o, key) => o?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return at;
}

/**
 * Sorts every error example of the documents into the three body formats the APIs use, keeping the first
 * example of each and the services where it occurs.
 * @param {{ name: string, doc: any }[]} apis
 */
export function errorFormats(apis) {
  /** @type {Record<'native' | 'nova' | 'flat', { example: unknown, source: string, services: Set<string> } | undefined>} */
  const found = { native: undefined, nova: undefined, flat: undefined };
  for (const { name, doc } of apis) {
    for (const item of Object.values(doc.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method];
        for (const [status, ref] of Object.entries(op?.responses ?? {})) {
          if (!/^[45]/.test(status)) continue;
          for (const media of Object.values(deref(doc, ref)?.content ?? {})) {
            for (const [exampleName, example] of Object.entries(media.examples ?? {})) {
              const value = deref(doc, example)?.value;
              const kind = classifyError(value);
              if (!kind) continue;
              found[kind] ??= { example: value, source: `${name.toUpperCase()} ${op.operationId} ${status} ${exampleName}`, services: new Set() };
              found[kind].services.add(name.toUpperCase());
            }
          }
        }
      }
    }
  }
  return found;
}

/** @param {unknown} body */
function classifyError(body) {
  if (!body || typeof body !== 'object') return undefined;
  const keys = Object.keys(body);
  const first = /** @type {Record<string, any>} */ (body)[keys[0] ?? ''];
  if ('error_code' in body && 'error_msg' in body) return 'flat';
  if (keys.length === 1 && keys[0] === 'error' && typeof first?.code === 'string') return 'native';
  if (keys.length === 1 && typeof first?.code === 'number' && typeof first?.message === 'string') return 'nova';
  return undefined;
}
