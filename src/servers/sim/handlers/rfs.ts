// RFS: private provider metadata. RFS gives a request that breaks a rule a code per kind of mistake, and the
// document names them in its 400 examples; the update itself refuses a body with nothing to update, an unknown
// provider and a provider_id that is not the provider's.
import type { ErrorExample } from '../../../openapi/error-formats.ts';
import type { Violation } from '../../../openapi/validators.ts';
import type { Handler } from '../handlers.ts';
import { answer, documented } from '../replies.ts';

const OPERATION = 'UpdatePrivateProviderMetadata';
/**
 * The document's 400 example for each kind of broken rule (by JSON Schema keyword), as the RFS Error Codes page
 * lists them; any other rule gets the operation's first 400 example.
 */
const BY_RULE: Readonly<Record<string, ErrorExample>> = {
  required: documented(OPERATION, 400, 'RF.10011001'),
  additionalProperties: documented(OPERATION, 400, 'RF.10011002'),
  maxLength: documented(OPERATION, 400, 'RF.10011005'),
  minLength: documented(OPERATION, 400, 'RF.10011006'),
  syntax: documented(OPERATION, 400, 'RF.10011033'),
};
/** A request without the body the operation requires. */
const NO_BODY = documented(OPERATION, 400, 'RF.10011032');
/** provider_name breaking its character rule: the code whose message states that rule. */
const BAD_NAME = documented(OPERATION, 400, 'RF.10011166');
const errors = {
  idMismatch: documented(OPERATION, 400, 'ProviderIdMismatch'),
  notFound: documented(OPERATION, 404, 'ProviderNotFound'),
};

const SHOW = 'ShowPrivateProviderMetadata';
/** The read's 400 examples (no body, so fewer kinds of mistake), by JSON Schema keyword. */
const SHOW_BY_RULE: Readonly<Record<string, ErrorExample>> = {
  required: documented(SHOW, 400, 'RF.10011001'),
  maxLength: documented(SHOW, 400, 'RF.10011005'),
  minLength: documented(SHOW, 400, 'RF.10011006'),
};
const showErrors = {
  badName: documented(SHOW, 400, 'RF.10011166'),
  idMismatch: documented(SHOW, 400, 'ProviderIdMismatch'),
  notFound: documented(SHOW, 404, 'ProviderNotFound'),
};
/** What CreatePrivateProvider returns as provider_source, and the read repeats (ShowPrivateProviderMetadataResponse). */
const SOURCE_PREFIX = 'huawei.com/private-provider/';

export const showPrivateProviderMetadata: Handler = {
  dialect: 'rfs',
  badRequest(violations: readonly Violation[]) {
    const [first] = violations;
    if (!first) return undefined;
    if (first.field === 'path.provider_name' && first.rule === 'pattern') return showErrors.badName;
    return SHOW_BY_RULE[first.rule];
  },
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
  dialect: 'rfs',
  badRequest(violations: readonly Violation[]) {
    const [first] = violations;
    if (!first) return undefined;
    if (first.field === 'path.provider_name' && first.rule === 'pattern') return BAD_NAME;
    if (first.field === 'body' && first.rule === 'required') return NO_BODY;
    return BY_RULE[first.rule];
  },
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
