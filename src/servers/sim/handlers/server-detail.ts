// The body of ShowServer: every field of the document's ServerDetail. The state (`status`,
// `OS-EXT-STS:vm_state`, `OS-EXT-STS:task_state`, `OS-EXT-STS:power_state`), the image and the metadata follow
// the world, which the writes and the change-OS jobs change; the other fields come from the fixture's `detail`
// of the server, and those it leaves out get the defaults below (empty strings, empty lists, zero, false), which
// the simulator's README lists.
import type { components } from '../../../../generated/types/ecs.ts';
import type { Job } from '../jobs.ts';
import type { EcsServer } from '../world.ts';

type ServerDetail = components['schemas']['ServerDetail'];

/** `status` for a stable `vm_state` (ECS API reference: ECS Statuses, ecs_08_0002). */
const STATUS_OF_VM_STATE: Readonly<Record<string, string>> = {
  active: 'ACTIVE',
  building: 'BUILD',
  stopped: 'SHUTOFF',
  paused: 'PAUSED',
  suspended: 'SUSPENDED',
  resized: 'VERIFY_RESIZE',
  error: 'ERROR',
  deleted: 'DELETED',
  soft_deleted: 'SOFT_DELETED',
  shelved: 'SHELVED',
  shelved_offloaded: 'SHELVED_OFFLOADED',
};
/** OpenStack Nova's power states: 1 running, 3 paused, 4 shut down, 7 suspended, 0 none. */
const POWER_OF_VM_STATE: Readonly<Record<string, number>> = { active: 1, paused: 3, stopped: 4, suspended: 7 };

/** The defaults of the fields the fixture may leave out. */
function defaults(server: EcsServer): Omit<ServerDetail, 'id' | 'name' | 'tenant_id' | 'status' | 'OS-EXT-STS:vm_state' | 'metadata' | 'image'> {
  return {
    updated: '',
    created: '',
    auto_terminate_time: '',
    'OS-SRV-USG:launched_at': '',
    'OS-SRV-USG:terminated_at': '',
    hostId: '',
    host_status: '',
    'OS-EXT-SRV-ATTR:host': '',
    'OS-EXT-SRV-ATTR:hypervisor_hostname': '',
    'OS-EXT-SRV-ATTR:instance_name': '',
    'OS-EXT-SRV-ATTR:hostname': server.name,
    'OS-EXT-SRV-ATTR:launch_index': 0,
    'OS-EXT-SRV-ATTR:kernel_id': '',
    'OS-EXT-SRV-ATTR:ramdisk_id': '',
    'OS-EXT-SRV-ATTR:root_device_name': '',
    'OS-EXT-AZ:availability_zone': '',
    'OS-EXT-STS:task_state': null,
    'OS-EXT-STS:power_state': 0,
    user_id: '',
    key_name: '',
    flavor: { id: '', name: '', disk: '0', vcpus: '0', ram: '0' },
    addresses: {},
    security_groups: [],
    'os-extended-volumes:volumes_attached': [],
    accessIPv4: '',
    accessIPv6: '',
    config_drive: '',
    locked: false,
  };
}

/** The step of an unfinished job that runs now, as `OS-EXT-STS:task_state` (ecs_08_0002) and the `status` it gives. */
function runningTask(job: Job | undefined): { task: string; status?: string } | undefined {
  const step = job?.steps.find((s) => !s.done);
  if (!step) return undefined;
  return step.effect === 'stop' ? { task: 'powering-off' } : { task: 'rebuilding', status: 'REBUILD' };
}

/** The ShowServer body of `server`, with the job that runs on it, if any. */
export function serverDetail(server: EcsServer, job: Job | undefined): ServerDetail {
  const task = runningTask(job);
  const image = { ...(server.detail?.image as object | undefined), id: server.image_id };
  return {
    ...defaults(server),
    ...(server.detail as Partial<ServerDetail> | undefined),
    id: server.id,
    name: server.name,
    tenant_id: server.project_id,
    status: task?.status ?? STATUS_OF_VM_STATE[server.vm_state] ?? 'UNKNOWN',
    'OS-EXT-STS:vm_state': server.vm_state,
    'OS-EXT-STS:task_state': task?.task ?? null,
    'OS-EXT-STS:power_state': POWER_OF_VM_STATE[server.vm_state] ?? 0,
    image,
    metadata: Object.fromEntries(server.metadata),
  };
}
