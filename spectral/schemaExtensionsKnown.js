// Schemas may carry only the x- extensions listed in openapi/README.md, each on the schema type it applies to and
// with a value of the right form (today only `x-max-bytes`: a positive integer on a string schema). The document is
// walked as written (the rule runs with resolved: false), so each finding points where the schema is written.
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMA_SINGLE = ['items', 'additionalProperties', 'propertyNames', 'not', 'if', 'then', 'else', 'contains', 'unevaluatedProperties'];

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function checkSchema(schema, path, known, results) {
  if (!isObject(schema)) return;
  for (const [key, value] of Object.entries(schema)) {
    if (!key.startsWith('x-')) continue;
    const rule = known[key];
    if (!rule) {
      results.push({ message: `unknown schema extension ${key} (known: ${Object.keys(known).join(', ')})`, path: [...path, key] });
    } else if (schema.type !== rule.type) {
      results.push({ message: `${key} applies to ${rule.type} schemas (this schema's type is ${JSON.stringify(schema.type)})`, path: [...path, key] });
    } else if (!Number.isInteger(value) || value < 1) {
      results.push({ message: `${key} must be a positive integer`, path: [...path, key] });
    }
  }
  for (const key of SUBSCHEMA_MAPS) {
    if (isObject(schema[key])) for (const [name, sub] of Object.entries(schema[key])) checkSchema(sub, [...path, key, name], known, results);
  }
  for (const key of SUBSCHEMA_LISTS) {
    if (Array.isArray(schema[key])) schema[key].forEach((sub, i) => checkSchema(sub, [...path, key, i], known, results));
  }
  for (const key of SUBSCHEMA_SINGLE) checkSchema(schema[key], [...path, key], known, results);
}

/** Finds the schemas of an OpenAPI document: components.schemas and every `schema` member outside examples. */
function findSchemas(node, path, known, results) {
  if (Array.isArray(node)) return node.forEach((item, i) => findSchemas(item, [...path, i], known, results));
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples') continue;
    if (key === 'schema') checkSchema(value, [...path, key], known, results);
    else if (key === 'schemas' && path.length === 1 && path[0] === 'components') {
      for (const [name, schema] of Object.entries(value ?? {})) checkSchema(schema, [...path, key, name], known, results);
    } else findSchemas(value, [...path, key], known, results);
  }
}

export default function schemaExtensionsKnown(document, options) {
  const results = [];
  findSchemas(document, [], options?.known ?? {}, results);
  return results;
}
