// RFS: private provider metadata. The code RFS gives each kind of broken rule, and the refusal of an update with
// nothing to update, are the pipeline's (src/openapi/service-rules.ts); the update itself refuses an unknown
// provider and a provider_id that is not the provider's.
import type { Handler } from '../handlers.ts';
import { answer, documented } from '../replies.ts';

const OPERATION = 'UpdatePrivateProviderMetadata';
const errors = {
  idMismatch: documented(OPERATION, 400, 'ProviderIdMismatch'),
  notFound: documented(OPERATION, 404, 'ProviderNotFound'),
};

export const updatePrivateProviderMetadata: Handler = {
  handle({ params, body, now }, sim) {
    // A description is there: an update without one broke the service rule nothing-to-update, which the pipeline
    // answered before this handler (src/openapi/service-rules.ts).
    const update = body as { provider_description: string; provider_id?: string };
    const provider = sim.world.providers.get(params.provider_name ?? '');
    if (!provider) return answer(errors.notFound);
    if (update.provider_id !== undefined && update.provider_id !== provider.id) return answer(errors.idMismatch);
    provider.description = update.provider_description;
    provider.update_time = new Date(now).toISOString();
    sim.changed();
    return { status: 204 };
  },
};
