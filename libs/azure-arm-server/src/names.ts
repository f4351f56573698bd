import { ArmError } from './errors';

/**
 * A resource type's name rule, from "Naming rules and restrictions for Azure resources"
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
 */
export interface NameRule {
  min: number;
  max: number;
  pattern: RegExp;
  /** How the service words the rule in its InvalidResourceName message. */
  says: string;
}

const networkWords = (max: number) =>
  `The name can be up to ${max} characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.`;

/** Network resources: alphanumerics, underscores, periods and hyphens; start alphanumeric; end alphanumeric or underscore. */
export const networkName = (min: number, max: number): NameRule => ({
  min,
  max,
  pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/,
  says: networkWords(max),
});

export const RULES = {
  resourceGroup: {
    min: 1,
    max: 90,
    pattern: /^[-\w.()\p{L}]*[-\w()\p{L}]$/u,
    says: 'Resource group names only allow up to 90 characters and can only include alphanumeric, underscore, parentheses, hyphen, period (except at end), and Unicode characters that match the allowed characters.',
  },
  virtualNetwork: networkName(2, 64),
  network80: networkName(1, 80),
  /** Linux virtual machines: 1-64, no spaces or `~!@#$%^&*()=+_[]{}\|;:.'",<>/?` except inside rules below; not starting with `_`, not ending with `.` or `-`. */
  virtualMachine: {
    min: 1,
    max: 64,
    pattern: /^[^\s~!@#$%^&*()=+_[\]{}\\|;:.'",<>/?](?:[^\s~!@#$%^&*()=+[\]{}\\|;:'",<>/?]*[^\s~!@#$%^&*()=+[\]{}\\|;:.'",<>/?-])?$/,
    says: 'The name can be up to 64 characters long, cannot contain spaces or the characters ~ ! @ # $ % ^ & * ( ) = + [ ] { } \\ | ; : \' " , < > / ?, cannot start with an underscore and cannot end with a period or a hyphen.',
  },
  /** DNS zone names: 2 to 34 labels of up to 63 characters, 253 characters at most. */
  dnsZone: {
    min: 1,
    max: 253,
    pattern: /^(?=.{1,253}$)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.){1,33}[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/,
    says: 'The zone name must have between 2 and 34 labels, each of at most 63 characters, 253 characters in all.',
  },
  /** Record set names: `@` for the apex or a relative DNS name. */
  recordSet: {
    min: 1,
    max: 253,
    pattern: /^(?:@|\*|(?:\*\.)?[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)$/,
    says: 'The record set name must be @ or a relative domain name of at most 253 characters.',
  },
} satisfies Record<string, NameRule>;

/** Throws ARM's 400 InvalidResourceName unless `name` follows `rule`. */
export function checkName(rule: NameRule, name: string, type: string): void {
  if (name.length >= rule.min && name.length <= rule.max && rule.pattern.test(name)) return;
  throw new ArmError(400, 'InvalidResourceName', `Resource name ${name} is invalid. ${rule.says}`, [], {}).withTarget(type);
}
