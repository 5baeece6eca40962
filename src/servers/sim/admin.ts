// The simulator's own endpoints under /__sim/ (not part of any API): health, the state dump, reset and moving
// jobs forward. They have no authentication, which is why the simulator listens on loopback only by default, and
// why the shared layer refuses them to every page of another origin (src/servers/access.ts).
import { jobStatus } from './jobs.ts';
import type { Reply } from './replies.ts';
import type { Simulation } from './simulation.ts';

export const ADMIN_PREFIX = '/__sim/';
const ENDPOINTS = ['GET /__sim/health', 'GET /__sim/state', 'POST /__sim/reset', 'POST /__sim/jobs/advance[?ms=N]'];

/**
 * How far one advance may move the jobs: 10 years. A job's times move back by at most its remaining time plus
 * this (once past its end it is finished and moves no more), so every date stays a valid four-digit-year date.
 */
const MAX_ADVANCE_MS = 315_360_000_000;

/** Why `ms` is not a valid advance, or undefined when it is. */
export function advanceProblem(ms: number): string | undefined {
  if (Number.isFinite(ms) && ms >= 0 && ms <= MAX_ADVANCE_MS) return undefined;
  return `ms: range: must be a number of milliseconds from 0 to ${MAX_ADVANCE_MS} (10 years)`;
}

/** `POST /__sim/jobs/advance[?ms=N]`: the jobs that were running, with their status after the move. */
function advance(simulation: Simulation, query: string): Reply {
  const raw = new URLSearchParams(query).get('ms');
  const ms = raw === null ? undefined : raw.trim() === '' ? Number.NaN : Number(raw);
  const problem = ms === undefined ? undefined : advanceProblem(ms);
  if (problem) return { status: 400, body: { error: `${problem}, got ${JSON.stringify(raw?.slice(0, 40))}` } };
  const active = [...simulation.world.activeJobs.values()];
  simulation.advanceJobs(ms);
  const now = Date.now();
  return { status: 200, body: { jobs: active.map((j) => ({ job_id: j.job_id, status: jobStatus(j, now) })) } };
}

/** The answer of an admin endpoint; `path` starts with ADMIN_PREFIX. */
export function adminReply(simulation: Simulation, method: string, path: string, query: string): Reply {
  if (simulation.frozen) return { status: 503, body: { error: 'the simulator is shutting down' } };
  if (method === 'GET' && path === '/__sim/health') return { status: 200, body: { status: 'ok' } };
  if (method === 'GET' && path === '/__sim/state') return { status: 200, body: simulation.dump() };
  if (method === 'POST' && path === '/__sim/reset') {
    simulation.reset();
    return { status: 204 };
  }
  if (method === 'POST' && path === '/__sim/jobs/advance') return advance(simulation, query);
  return { status: 404, body: { error: `no admin endpoint ${method} ${path}`, endpoints: ENDPOINTS } };
}
