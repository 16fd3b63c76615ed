// The browser starts the trace: every tRPC call carries a W3C `traceparent` with a new trace id, so the
// gateway's and the services' spans (and their log lines' trace_id) join one trace that begins here.
// No OpenTelemetry web SDK: the page records no spans of its own, it only names the trace (a few bytes
// instead of tens of KB on the first page).

const hex = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Share of traces the browser asks to be recorded (build-time VITE_TRACE_SAMPLE_RATIO, default all). */
const RATIO = Math.min(1, Math.max(0, Number(import.meta.env.VITE_TRACE_SAMPLE_RATIO ?? '1')));

export function newTraceparent(): string {
  const sampled = Math.random() < RATIO ? '01' : '00';
  return `00-${hex(16)}-${hex(8)}-${sampled}`;
}
