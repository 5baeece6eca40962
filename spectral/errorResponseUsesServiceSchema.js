// Each 4xx/5xx response must be a `$ref` to a shared response whose JSON schema is the error schema of the
// document's own service (the `title` of the error schemas says which service they belong to).
const serviceErrorSchemas = {
  'Huawei Cloud ECS': ['EcsError', 'EcsUnauthorizedError'],
  'Huawei Cloud BMS': ['BmsError', 'BmsUnauthorizedError', 'NovaFault', 'NovaUnauthorizedFault'],
  'Huawei Cloud RFS': ['RfsError', 'RfsUnauthorizedError'],
};

export default function errorResponseUsesServiceSchema(responses, _options, context) {
  const doc = context.document.data;
  const service = Object.keys(serviceErrorSchemas).find((prefix) => doc.info?.title?.startsWith(prefix));
  const allowed = serviceErrorSchemas[service] ?? [];
  const results = [];
  for (const [status, response] of Object.entries(responses ?? {})) {
    if (!/^[45]/.test(status)) continue;
    const path = [...context.path, status];
    const ref = response?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/components/responses/')) {
      results.push({ message: `${status} must reference a shared response in components/responses`, path });
      continue;
    }
    const shared = doc.components?.responses?.[ref.split('/').pop()];
    const schemaRef = shared?.content?.['application/json']?.schema?.$ref ?? '';
    const name = schemaRef.split('/').pop();
    if (!allowed.includes(name)) {
      results.push({ message: `${status} body must be one of ${allowed.join(', ')} (is ${name || 'none'})`, path });
    }
  }
  return results;
}
