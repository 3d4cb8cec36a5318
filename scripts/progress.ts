// A one-line progress bar on stderr: redrawn in place on a terminal, one line every 5% otherwise.
export function progressLine(done: number, total: number, seconds: number, detail: string): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const eta = done > 0 ? (seconds / done) * (total - done) : 0;
  const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}  ${detail}  ${seconds.toFixed(0)} s, eta ${eta.toFixed(0)} s`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else if (done === total || done % Math.max(1, Math.round(total / 20)) === 0)
    process.stderr.write(`${line}\n`);
}
