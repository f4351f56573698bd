import { describe, expect, it } from 'vitest';
import { dnsLabelProblem, dnsSubdomainProblem, suggestDnsLabel } from './dns-names';

describe('dnsLabelProblem', () => {
  it.each(['a', 'demo', 'prod-eu-1', '0abc', 'a'.repeat(32)])('accepts %j', (name) => {
    expect(dnsLabelProblem(name, 32)).toBeUndefined();
  });

  it.each([
    ['', 'must not be empty'],
    ['Demo', 'try "demo"'],
    ['-demo', 'starting and ending with a letter or digit'],
    ['demo-', 'starting and ending'],
    ['my_cluster', 'try "my-cluster"'],
    ['a.b', 'DNS-1123 label'],
    ['a'.repeat(33), 'at most 32 characters'],
  ])('refuses %j', (name, reason) => {
    expect(dnsLabelProblem(name, 32)).toContain(reason);
  });

  it('suggests a valid label within the length limit', () => {
    expect(suggestDnsLabel('My Big_Cluster!', 10)).toBe('my-big-clu');
    expect(suggestDnsLabel('___', 10)).toBeUndefined();
  });
});

describe('dnsSubdomainProblem', () => {
  it.each(['example.com', 'cluster.local', 'a.b.c.example.org', 'localdomain'])('accepts %j', (name) => {
    expect(dnsSubdomainProblem(name)).toBeUndefined();
  });

  it.each([
    ['example.com.', 'must not end with a dot'],
    ['Example.com', 'lowercase'],
    ['example..com', 'dot-separated'],
    ['-x.com', 'dot-separated'],
    [`${'a'.repeat(64)}.com`, 'at most 63 characters each'],
    [Array.from({ length: 60 }, () => 'abcd').join('.'), 'at most 253 characters'],
    ['', 'must not be empty'],
  ])('refuses %j', (name, reason) => {
    expect(dnsSubdomainProblem(name)).toContain(reason);
  });
});
