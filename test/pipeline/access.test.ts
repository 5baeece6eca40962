import { describe, expect, it } from 'vitest';
import { checkAccess } from '../../src/pipeline/access.js';

const request = (host: string) => ({ method: 'GET', headers: { host }, httpVersion: '1.1' });

describe('checkAccess: Host', () => {
  it('accepts loopback names and the given hosts, and refuses others, in any order of requests', () => {
    const remote = { hosts: ['sim.internal'] };
    const local = {};
    // The Host accepted last is remembered with its list: it must not let a request through under another list.
    expect(checkAccess(request('sim.internal:4020'), remote, '/')).toEqual({});
    expect(checkAccess(request('sim.internal:4020'), local, '/')).toMatchObject({ refusal: { status: 403 } });
    expect(checkAccess(request('localhost:4020'), local, '/')).toEqual({});
    expect(checkAccess(request('rebind.evil.example:4020'), local, '/')).toMatchObject({ refusal: { status: 403 } });
    expect(checkAccess(request('localhost:4020'), local, '/')).toEqual({});
    expect(checkAccess(request(''), local, '/')).toMatchObject({ refusal: { status: 403 } });
    expect(checkAccess(request('[::1]:4020'), remote, '/')).toEqual({});
  });
});
