/**
 * A small Prometheus registry: the handful of counters and one histogram Ponte exposes on /metrics.
 * Hand-written rather than a client library because we need five series, and the text format is
 * simple (https://prometheus.io/docs/instrumenting/exposition_formats/).
 */

type Labels = Record<string, string>;

/** Latency buckets in seconds: chat turns are tens of milliseconds; anything past 5 s is a problem. */
const HANDLING_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const key = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Labels): number {
    return this.values.get(key(labels)) ?? 0;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ''} ${v}`);
    return lines;
  }
}

class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {}
  observe(labels: Labels, value: number): void {
    const k = key(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i]! += 1;
    });
    s.sum += value;
    s.count += 1;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      const sep = k ? ',' : '';
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{${k}${sep}le="${b}"} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket{${k}${sep}le="+Inf"} ${s.count}`);
      lines.push(`${this.name}_sum${k ? `{${k}}` : ''} ${s.sum}`);
      lines.push(`${this.name}_count${k ? `{${k}}` : ''} ${s.count}`);
    }
    return lines;
  }
}

/** What the channels and the HTTP server count. Labels hold channel names and error kinds only. */
export class PonteMetrics {
  readonly updatesReceived = new Counter('ponte_updates_received_total', 'Updates and activities received, per channel.');
  readonly duplicates = new Counter('ponte_updates_duplicate_total', 'Updates ignored because their id was already processed.');
  readonly repliesSent = new Counter('ponte_replies_sent_total', 'Messages sent to users, per channel.');
  readonly errors = new Counter('ponte_errors_total', 'Errors, per channel and kind.');
  readonly httpRequests = new Counter('ponte_http_requests_total', 'HTTP requests, per route and status.');
  readonly handling = new Histogram('ponte_handling_seconds', 'Time to handle one update up to its commit (replies are sent after; Teams: replies included).', HANDLING_BUCKETS);

  /** Prometheus text exposition; `gauges` are read at scrape time (e.g. the outbox depth from the database). */
  render(gauges: Array<{ name: string; help: string; value: number }> = []): string {
    const lines = [
      ...this.updatesReceived.render(),
      ...this.duplicates.render(),
      ...this.repliesSent.render(),
      ...this.errors.render(),
      ...this.httpRequests.render(),
      ...this.handling.render(),
    ];
    for (const g of gauges) lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${g.value}`);
    return lines.join('\n') + '\n';
  }
}
