// An operation documents at least one example for its request body and for every response that has a body,
// so the docs show them and the mock can serve them.
const hasExample = (media) => Boolean(media?.example !== undefined || Object.keys(media?.examples ?? {}).length);

export default function everyResponseHasExample(operation, _options, context) {
  const results = [];
  for (const [type, media] of Object.entries(operation?.requestBody?.content ?? {})) {
    if (!hasExample(media)) results.push({ message: `request body ${type} has no example`, path: [...context.path, 'requestBody'] });
  }
  for (const [status, response] of Object.entries(operation?.responses ?? {})) {
    for (const [type, media] of Object.entries(response?.content ?? {})) {
      if (!hasExample(media)) {
        results.push({ message: `response ${status} ${type} has no example`, path: [...context.path, 'responses', status] });
      }
    }
  }
  return results;
}
