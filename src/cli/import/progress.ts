/**
 * A one-line progress display on stderr: conversations, messages, message rate and ETA (from the
 * share of the file's bytes processed). Redrawn in place on a terminal, printed every few seconds
 * otherwise (CI logs, pipes).
 */
export interface ProgressCounts {
  conversations: number;
  skipped: number;
  rejected: number;
  messages: number;
  bytesDone: number;
}

export class Progress {
  private readonly started = Date.now();
  private lastPrint = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(
    private readonly totalLines: number,
    private readonly totalBytes: number,
  ) {}

  update(counts: ProgressCounts, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastPrint < (this.tty ? 200 : 5000)) return;
    this.lastPrint = now;
    const line = this.render(counts, now);
    if (this.tty) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stderr.write(`${line}\n`);
  }

  finish(counts: ProgressCounts): void {
    this.update(counts, true);
    if (this.tty) process.stderr.write('\n');
  }

  private render(counts: ProgressCounts, now: number): string {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const handled = counts.conversations + counts.skipped + counts.rejected;
    const share = this.totalBytes > 0 ? counts.bytesDone / this.totalBytes : 1;
    const eta = share > 0 && share < 1 ? formatDuration((seconds / share) * (1 - share)) : '-';
    const bar = renderBar(share);
    return (
      `${bar} ${handled}/${this.totalLines} conversations` +
      ` | ${counts.messages.toLocaleString('en-US')} messages` +
      ` | ${Math.round(counts.messages / seconds).toLocaleString('en-US')} msg/s` +
      ` | ETA ${eta}` +
      (counts.rejected ? ` | ${counts.rejected} rejected` : '')
    );
  }
}

function renderBar(share: number): string {
  const width = 20;
  const filled = Math.round(Math.min(Math.max(share, 0), 1) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
