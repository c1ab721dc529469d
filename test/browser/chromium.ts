// Starts the system's Chromium (Debian's `chromium` package) through playwright-core: no browser is
// downloaded. CHROMIUM_PATH overrides where to find it. As root, Chromium's sandbox cannot start,
// so `--no-sandbox` is passed then (and only then).
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

/** The Chromium executable to drive, or an error saying how to install one. */
export function chromiumPath(): string {
  const { CHROMIUM_PATH: fromEnv } = process.env;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error('no Chromium found: install it (apt-get install -y chromium) or set CHROMIUM_PATH');
  }
  return found;
}

/** Launches headless Chromium. */
export function launchChromium(): Promise<Browser> {
  const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  return chromium.launch({ executablePath: chromiumPath(), args, headless: true });
}
