/**
 * Version order for OS releases. Flatcar versions are `major.minor.patch` (3510.2.1), but
 * machines may report anything (`1.0`, `3510.2.0-rc1`, `dev-build`), so the comparison never
 * throws: dot-separated parts compare numerically when both are numbers, as text otherwise;
 * a missing part counts as 0; a pre-release (`-rc1`) sorts before its release; build
 * metadata (`+abc`) is ignored.
 */
export function compareVersions(a: string, b: string): number {
  const [mainA, preA] = split(a);
  const [mainB, preB] = split(b);
  const main = compareParts(mainA, mainB);
  if (main !== 0) return main;
  if (preA === undefined || preB === undefined) return preA === preB ? 0 : preA === undefined ? 1 : -1;
  return compareParts(preA, preB);
}

function split(version: string): [string[], string[] | undefined] {
  const noBuild = version.trim().split('+')[0] ?? '';
  const dash = noBuild.indexOf('-');
  const main = dash < 0 ? noBuild : noBuild.slice(0, dash);
  const pre = dash < 0 ? undefined : noBuild.slice(dash + 1);
  return [main.split(/[._]/), pre === undefined ? undefined : pre.split('.')];
}

const NUMBER = /^\d+$/;

function compareParts(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '0';
    const y = b[i] ?? '0';
    if (NUMBER.test(x) && NUMBER.test(y)) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return Math.sign(diff);
    } else if (x !== y) {
      // A number sorts before text, as in semver's pre-release identifiers.
      if (NUMBER.test(x)) return -1;
      if (NUMBER.test(y)) return 1;
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** The characters a published version may use (it names a directory of payload files). */
export const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/;
