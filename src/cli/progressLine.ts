/**
 * Progress for long commands, on stderr so stdout stays clean: a bar redrawn
 * in place on a terminal, a plain line per update otherwise (logs, CI).
 */
export interface ProgressLine {
  update(done: number, total: number): void;
  end(): void;
}

const WIDTH = 30;

export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  let last = '';
  return {
    update(done, total) {
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const text = `${label} ${done}/${total} (${Math.round(fraction * 100)}%)`;
      if (text === last) return;
      last = text;
      if (stream.isTTY) {
        const filled = Math.round(fraction * WIDTH);
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${text}`);
      } else stream.write(`${text}\n`);
    },
    end() {
      if (stream.isTTY && last) stream.write('\n');
    },
  };
}
