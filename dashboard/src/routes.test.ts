import { describe, expect, it } from 'vitest';
import { resolveRoute } from './routes';

describe('resolveRoute', () => {
  it('sends / to the wall', () => {
    expect(resolveRoute('/')).toEqual({ page: 'redirect', to: '/wall' });
  });

  it('serves /wall with or without a trailing slash', () => {
    expect(resolveRoute('/wall')).toEqual({ page: 'wall' });
    expect(resolveRoute('/wall/')).toEqual({ page: 'wall' });
  });

  it('serves the engineers’ /devices page', () => {
    expect(resolveRoute('/devices')).toEqual({ page: 'devices' });
    expect(resolveRoute('/devices/')).toEqual({ page: 'devices' });
  });

  it('serves the device kinds under /devices', () => {
    expect(resolveRoute('/devices/kinds')).toEqual({ page: 'kinds' });
    expect(resolveRoute('/devices/kinds/')).toEqual({ page: 'kinds' });
  });

  it('serves the operators’ /ops console', () => {
    expect(resolveRoute('/ops')).toEqual({ page: 'ops' });
    expect(resolveRoute('/ops/')).toEqual({ page: 'ops' });
  });

  it('serves the wall screens page under /ops', () => {
    expect(resolveRoute('/ops/displays')).toEqual({ page: 'displays' });
    expect(resolveRoute('/ops/displays/')).toEqual({ page: 'displays' });
  });

  it('serves the district comparison under /ops', () => {
    expect(resolveRoute('/ops/compare')).toEqual({ page: 'compare' });
    expect(resolveRoute('/ops/compare/')).toEqual({ page: 'compare' });
  });

  it('serves the audit log under /ops', () => {
    expect(resolveRoute('/ops/audit')).toEqual({ page: 'audit' });
    expect(resolveRoute('/ops/audit/')).toEqual({ page: 'audit' });
  });

  it('answers anything else with not found', () => {
    expect(resolveRoute('/walls')).toEqual({ page: 'not-found' });
    expect(resolveRoute('/wall/extra')).toEqual({ page: 'not-found' });
    expect(resolveRoute('/devices/wl-1')).toEqual({ page: 'not-found' });
  });
});
