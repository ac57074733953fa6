/**
 * The playground's entry: read the settings from the link, build the page, start the frame loop.
 * The Playground is on window.__playground for the curious (and for the browser tests).
 */
import { Playground } from './playground.js';
import { settingsFromHash } from './settings.js';

declare global {
  interface Window {
    __playground?: Playground;
  }
}

const { settings, problems } = settingsFromHash(location.hash);
const playground = new Playground(settings);
window.__playground = playground;
// A link pasted into the address bar of an open page: start over from it.
window.addEventListener('hashchange', () => location.reload());
await playground.start(problems);
document.body.dataset.ready = 'true';
