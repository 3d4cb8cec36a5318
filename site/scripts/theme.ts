// Dark-mode toggle. The page follows the system (prefers-color-scheme) until the reader presses the toggle;
// the choice is stored and re-applied before first paint by the inline script in layouts/BaseLayout.astro,
// which must use the same storage key.
const STORAGE_KEY = 'inside-clip-theme';
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
const root = document.documentElement;

function effectiveTheme(): 'light' | 'dark' {
  const chosen = root.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return systemDark.matches ? 'dark' : 'light';
}

function syncButtons(): void {
  const pressed = String(effectiveTheme() === 'dark');
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    button.setAttribute('aria-pressed', pressed);
  }
}

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
  button.addEventListener('click', () => {
    const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
    root.dataset.theme = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage may be unavailable (private mode): the choice lasts for this page only.
    }
    syncButtons();
  });
}

systemDark.addEventListener('change', syncButtons);
syncButtons();

export {}; // a module, not a global script
