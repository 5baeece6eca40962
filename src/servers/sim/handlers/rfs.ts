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

const SHOW = 'ShowPrivateProviderMetadata';
const showErrors = {
  idMismatch: documented(SHOW, 400, 'ProviderIdMismatch'),
  notFound: documented(SHOW, 404, 'ProviderNotFound'),
};
/** What CreatePrivateProvider returns as provider_source, and the read repeats (ShowPrivateProviderMetadataResponse). */
const SOURCE_PREFIX = 'huawei.com/private-provider/';

export const showPrivateProviderMetadata: Handler = {
  handle({ params, query }, sim) {
    const provider = sim.world.providers.get(params.provider_name ?? '');
    if (!provider) return answer(showErrors.notFound);
    if (query.provider_id !== undefined && query.provider_id !== provider.id) return answer(showErrors.idMismatch);
    return {
      status: 200,
      body: {
        provider_id: provider.id,
        provider_name: provider.name,
        provider_description: provider.description,
        provider_source: `${SOURCE_PREFIX}${provider.name}`,
        create_time: provider.create_time,
        update_time: provider.update_time,
      },
    };
  },
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
