/**
 * Finds where JSON text stops being valid (RFC 8259). `JSON.parse` does not report the
 * position on every engine or for every error, and a Cluster problem must say where to
 * look, so this small scanner walks the grammar and returns the offset of the first
 * character that does not fit, or `undefined` when the text is valid JSON.
 */
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters (U+0000-U+001F) in strings.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Failure {
  constructor(readonly offset: number) {}
}

export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw new Failure(i);
  };
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i] ?? '')) i++;
  };
  const match = (pattern: RegExp) => {
    pattern.lastIndex = i;
    if (!pattern.exec(text)) fail();
    i = pattern.lastIndex;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail();
    i++;
  };
  const value = (): void => {
    skip();
    const char = text[i];
    if (char === '{') {
      i++;
      skip();
      if (text[i] === '}') return void i++;
      for (;;) {
        skip();
        match(STRING);
        skip();
        expect(':');
        value();
        skip();
        if (text[i] === ',') i++;
        else return expect('}');
      }
    }
    if (char === '[') {
      i++;
      skip();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        skip();
        if (text[i] === ',') i++;
        else return expect(']');
      }
    }
    if (char === '"') return match(STRING);
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) return void (i += literal.length);
    }
    match(NUMBER);
  };
  try {
    value();
    skip();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof Failure) return error.offset;
    throw error;
  }
}
