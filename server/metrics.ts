// Prometheus text exposition: process counters kept here, gauges read from the store per scrape.
import type { StoreMetrics } from '../store/types.js';

const DURATION_BUCKETS = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];

function labels(values: Record<string, string>): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

export class ServiceMetrics {
  private readonly started = new Map<string, number>();
  private readonly finished = new Map<string, number>();
  private apiCalls = 0;
  private scanErrors = 0;
  private findingsWritten = 0;
  private readonly buckets = DURATION_BUCKETS.map(() => 0);
  private durationCount = 0;
  private durationSum = 0;

  scanStarted(source: string): void {
    this.started.set(source, (this.started.get(source) ?? 0) + 1);
  }

  scanFinished(status: string, durationSeconds: number | null, apiCalls: number, errors: number): void {
    this.finished.set(status, (this.finished.get(status) ?? 0) + 1);
    this.apiCalls += apiCalls;
    this.scanErrors += errors;
    if (durationSeconds !== null && Number.isFinite(durationSeconds)) {
      this.durationCount += 1;
      this.durationSum += durationSeconds;
      DURATION_BUCKETS.forEach((b, i) => {
        if (durationSeconds <= b) this.buckets[i]! += 1;
      });
    }
  }

  private readonly notifications = new Map<string, number>();

  /** One notification delivery finished (sink type and delivered/failed/skipped). */
  notificationDelivered(sink: string, status: string): void {
    const key = `${sink}\u0000${status}`;
    this.notifications.set(key, (this.notifications.get(key) ?? 0) + 1);
  }

  findingsStored(n: number): void {
    this.findingsWritten += n;
  }

  render(store: StoreMetrics, activeScans: number): string {
    const out: string[] = [];
    const family = (name: string, type: 'gauge' | 'counter' | 'histogram', help: string, samples: [Record<string, string>, number][]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [l, v] of samples) out.push(`${name}${labels(l)} ${v}`);
    };
    family('orgscan_scans', 'gauge', 'Scans kept in the store, by status.', Object.entries(store.scansByStatus).map(([status, n]) => [{ status }, n]));
    family('orgscan_active_scans', 'gauge', 'Scans queued or running in this process.', [[{}, activeScans]]);
    family(
      'orgscan_latest_scan_findings',
      'gauge',
      'Findings of the latest finished scan, by status.',
      Object.entries(store.latestFindingsByStatus).map(([status, n]) => [{ status }, n]),
    );
    family('orgscan_scans_started_total', 'counter', 'Scans started by this process, by source.', [...this.started].map(([source, n]) => [{ source }, n]));
    family('orgscan_scans_finished_total', 'counter', 'Scans ended by this process, by final status.', [...this.finished].map(([status, n]) => [{ status }, n]));
    family('orgscan_aws_api_calls_total', 'counter', 'AWS API calls made by scans of this process.', [[{}, this.apiCalls]]);
    family('orgscan_scan_errors_total', 'counter', 'Checks or accounts that could not be evaluated in scans of this process.', [[{}, this.scanErrors]]);
    family('orgscan_findings_stored_total', 'counter', 'Findings written to the store by this process.', [[{}, this.findingsWritten]]);
    family(
      'orgscan_notifications_total',
      'counter',
      'Notification deliveries after scans of this process, by sink type and status (delivered, failed, skipped).',
      [...this.notifications].map(([key, n]) => {
        const [sink, status] = key.split('\u0000') as [string, string];
        return [{ sink, status }, n];
      }),
    );
    out.push('# HELP orgscan_scan_duration_seconds Duration of scans ended by this process.', '# TYPE orgscan_scan_duration_seconds histogram');
    DURATION_BUCKETS.forEach((b, i) => out.push(`orgscan_scan_duration_seconds_bucket{le="${b}"} ${this.buckets[i]}`));
    out.push(`orgscan_scan_duration_seconds_bucket{le="+Inf"} ${this.durationCount}`);
    out.push(`orgscan_scan_duration_seconds_sum ${this.durationSum}`, `orgscan_scan_duration_seconds_count ${this.durationCount}`);
    return `${out.join('\n')}\n`;
  }
}
