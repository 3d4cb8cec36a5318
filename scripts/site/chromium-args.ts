// Flags for Debian's Chromium under playwright-core, shared by the browser tests and the site benchmark:
// no sandbox (containers), and nothing that reaches the network on its own.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
