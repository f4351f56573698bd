import { ArmError } from './errors';

/**
 * ARM's tag limits (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations):
 * at most 50 tags per resource, names of at most 512 characters, values of at most 256, and
 * names without `<`, `>`, `%`, `&`, `\`, `?`, `/` or control characters.
 */
export function checkTags(tags: unknown): Record<string, string> | undefined {
  if (tags === undefined || tags === null) return undefined;
  if (typeof tags !== 'object' || Array.isArray(tags))
    throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: tags must be an object.');
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > 50) throw new ArmError(400, 'InvalidTagsCount', `The number of tags (${entries.length}) exceeds the maximum of 50 tags per resource.`);
  const reserved = entries.map(([name]) => name).filter((name) => /[<>%&\\?/\p{Cc}]/u.test(name));
  if (reserved.length) {
    throw new ArmError(
      400,
      'InvalidTagNameCharacters',
      `The tag names '${reserved.join(',')}' have reserved characters '<,>,%,&,\\,?,/' or control characters.`,
    );
  }
  for (const [name, value] of entries) {
    if (name.length === 0 || name.length > 512)
      throw new ArmError(
        400,
        'InvalidTagNameLength',
        `The tag name '${name}' has an invalid length. The tag name length must be between 1 and 512 characters.`,
      );
    if (typeof value !== 'string')
      throw new ArmError(
        400,
        'InvalidRequestContent',
        `The request content was invalid and could not be deserialized: the value of tag '${name}' must be a string.`,
      );
    if (value.length > 256)
      throw new ArmError(400, 'InvalidTagValueLength', `The tag value '${value.slice(0, 32)}…' of tag '${name}' exceeds the maximum length of 256 characters.`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
