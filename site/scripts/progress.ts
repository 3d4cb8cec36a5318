// Reading progress: scales the bar in components/ReadingProgress.astro to the fraction of the page scrolled.
const bar = document.querySelector<HTMLElement>('[data-reading-progress]');

if (bar) {
  let queued = false;
  const update = () => {
    queued = false;
    const scrollable = document.documentElement.scrollHeight - window.innerHeight;
    const fraction = scrollable > 0 ? Math.min(1, Math.max(0, window.scrollY / scrollable)) : 1;
    bar.style.transform = `scaleX(${fraction})`;
  };
  const schedule = () => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(update);
    }
  };
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);
  update();
}

export {}; // a module, not a global script
