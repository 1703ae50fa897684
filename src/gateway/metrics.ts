// Counters for /metrics (prom-client, one registry per gateway so several can live in a process).
import { Counter, Histogram, Registry } from 'prom-client';

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'kavach_gateway_requests_total', help: 'Requests by route, status and caller', labelNames: ['route', 'status', 'caller'] as const, registers: [this.registry] });
  readonly rejected = new Counter({ name: 'kavach_gateway_rejected_total', help: 'Requests refused before reaching the upstream, by reason', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly anonymised = new Counter({ name: 'kavach_gateway_anonymised_values_total', help: 'Values anonymised in requests, by entity type', labelNames: ['type'] as const, registers: [this.registry] });
  readonly restored = new Counter({ name: 'kavach_gateway_restored_tokens_total', help: 'Tokens restored in replies', registers: [this.registry] });
  readonly withheld = new Counter({ name: 'kavach_gateway_withheld_tokens_total', help: 'Tokens left unrestored in URLs, link targets and HTML attributes', registers: [this.registry] });
  readonly upstreamTokens = new Counter({ name: 'kavach_gateway_upstream_tokens_total', help: 'Upstream token usage by caller and kind', labelNames: ['caller', 'kind'] as const, registers: [this.registry] });
  readonly alerts = new Counter({ name: 'kavach_gateway_alerts_total', help: 'Spike and new-address alerts by kind and caller', labelNames: ['kind', 'caller'] as const, registers: [this.registry] });
  readonly duration = new Histogram({
    name: 'kavach_gateway_request_duration_seconds',
    help: 'Time from request to the end of the reply, by route',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
}
