import { describe, expect, it } from 'vitest';
import { installedClustersDirFrom, strataHomeFrom } from './strata-home';

describe('strataHomeFrom', () => {
  it.each([
    [{}, '/home/ada/.strata'],
    [{ STRATA_HOME: '' }, '/home/ada/.strata'],
    [{ STRATA_HOME: '/opt/strata' }, '/opt/strata'],
    [{ STRATA_HOME: '/opt/strata/' }, '/opt/strata'],
    [{ STRATA_HOME: 'state' }, '/work/state'],
    [{ STRATA_HOME: './state/../other/' }, '/work/other'],
  ])('resolves %j to %s', (env, expected) => {
    expect(strataHomeFrom(env, '/home/ada', '/work')).toBe(expected);
    expect(installedClustersDirFrom(env, '/home/ada/', '/work/')).toBe(`${expected}/clusters`);
  });
});
