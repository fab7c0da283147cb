/**
 * A one-line progress bar on an interactive terminal; silent elsewhere, so logs and
 * CI output stay clean.
 */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, label: string) {
  const active = stream.isTTY === true;
  let lastDrawn = -1;
  return {
    update(done: number, total: number): void {
      if (!active || total === 0) return;
      const percent = Math.floor((done / total) * 100);
      if (percent === lastDrawn) return;
      lastDrawn = percent;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
      const filled = Math.round((percent / 100) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% (${done}/${total})`);
    },
    finish(): void {
      if (active && lastDrawn >= 0) stream.write('\n');
    },
  };
}
