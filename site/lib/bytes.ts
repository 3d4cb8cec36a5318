// Byte counts as readers read them (decimal units, the page's number format): 2.1 MB, 605 MB, 1.7 GB.
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number, lang: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  // Three significant digits at most: 2.11 MB, 21.1 MB, 211 MB.
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
  return `${number} ${UNITS[unit]}`;
}
