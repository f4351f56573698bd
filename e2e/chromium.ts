/**
 * Debian's Chromium, launched the way this environment needs: no sandbox as root, no GPU,
 * and none of the background connections a closed network would refuse.
 */
export const CHROMIUM_PATH = process.env['STRATA_CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
