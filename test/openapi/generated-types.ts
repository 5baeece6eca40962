// Compiled by `npx tsc -p .` (not run): what the generated types say about the documents' rules that TypeScript can
// express. A change of the documents or of openapi-typescript that loses one of them fails the type check.
import type { components as BmsComponents } from '../../generated/types/bms.ts';
import type { components as EcsComponents } from '../../generated/types/ecs.ts';
import type { components as RfsComponents } from '../../generated/types/rfs.ts';

type OsChange = EcsComponents['schemas']['OsChange'];
const imageid = 'e215580f-73ad-429d-b6f2-5433947433b0';

// Exactly one of adminpass and keyname (oneOf in OsChange): either alone is fine...
export const withPassword: OsChange = { imageid, adminpass: 'Example-Passw0rd' };
export const withKeyPair: OsChange = { imageid, keyname: 'KeyPair-350b', userid: '7e25b1da389f4697a79df3a0e5bd494e', isAutoPay: 'true' };
// @ts-expect-error ...both are refused...
export const withBoth: OsChange = { imageid, adminpass: 'Example-Passw0rd', keyname: 'KeyPair-350b' };
// @ts-expect-error ...and so is neither.
export const withNeither: OsChange = { imageid };

// Job statuses: the five documented values; sub-jobs have four.
export const pending: EcsComponents['schemas']['JobStatus'] = 'PENDING_PAYMENT';
// @ts-expect-error a sub-job is never waiting for payment
export const subPending: EcsComponents['schemas']['SubJobStatus'] = 'PENDING_PAYMENT';

// RFS: both fields optional; "nothing to update" is a server rule, not a type error.
export const nothing: RfsComponents['schemas']['UpdatePrivateProviderMetadataRequest'] = {};

// BMS: the successor takes any number of pairs, and an empty object.
export const successor: BmsComponents['schemas']['UpdateBaremetalServerMetadataReq'] = { metadata: {} };
