// Package metrics counts what a running Gatehouse serves and writes it in
// the Prometheus text exposition format (version 0.0.4), which Prometheus,
// VictoriaMetrics, Grafana Agent and the OpenTelemetry collector scrape.
// It keeps to the few kinds Gatehouse needs: HTTP requests by route,
// method and status with their latency, and the Go runtime's state.
package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Buckets are the upper bounds, in seconds, of the request latency
// histogram: from a cached token check to a slow password hash.
var Buckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// requestKey identifies a series of requests. Route is the pattern the
// request matched ("GET /api/v1/users/{name}"), never its path, so the
// number of series stays bounded whatever clients send.
type requestKey struct {
	route, method string
	code          int
}

// histogram is one latency histogram: counts per bucket, not cumulative.
type histogram struct {
	counts []uint64 // len(Buckets)+1; the last is +Inf
	sum    float64
	n      uint64
}

// Registry holds the counters of one server. It is safe for concurrent
// use; the zero value is not: use New.
type Registry struct {
	start   time.Time
	version string // of the binary, for gatehouse_build_info

	mu       sync.Mutex
	requests map[requestKey]uint64
	latency  map[string]*histogram // by route
	writes   func() uint64
}

// New returns an empty registry for a server started now.
func New() *Registry {
	return &Registry{start: time.Now(), version: version(), requests: map[requestKey]uint64{}, latency: map[string]*histogram{}}
}

// version returns the binary's module version, and the revision it was
// built from when the build recorded one.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}

// CountWrites makes the registry report the writes to the store that the
// server has seen, as n counts them: its own and, over PostgreSQL, other
// replicas'.
func (r *Registry) CountWrites(n func() uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = n
}

// ObserveRequest counts one request that matched route (empty: none, as
// for a 404) and was answered with code after d.
func (r *Registry) ObserveRequest(route, method string, code int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	secs := d.Seconds()
	i, _ := slices.BinarySearch(Buckets, secs)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests[requestKey{route, method, code}]++
	h := r.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(Buckets)+1)}
		r.latency[route] = h
	}
	h.counts[i]++
	h.sum += secs
	h.n++
}

// WriteText writes every metric in the Prometheus text format.
func (r *Registry) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	r.mu.Lock()
	keys := make([]requestKey, 0, len(r.requests))
	for k := range r.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b requestKey) int {
		return cmpAll(strings.Compare(a.route, b.route), strings.Compare(a.method, b.method), a.code-b.code)
	})
	header(bw, "gatehouse_http_requests_total", "counter", "HTTP requests answered, by matched route, method and status code.")
	for _, k := range keys {
		fmt.Fprintf(bw, "gatehouse_http_requests_total{route=%s,method=%s,code=\"%d\"} %d\n", quote(k.route), quote(k.method), k.code, r.requests[k])
	}
	routes := make([]string, 0, len(r.latency))
	for route := range r.latency {
		routes = append(routes, route)
	}
	slices.Sort(routes)
	header(bw, "gatehouse_http_request_duration_seconds", "histogram", "Time to answer HTTP requests, by matched route.")
	for _, route := range routes {
		h := r.latency[route]
		var cum uint64
		for i, le := range Buckets {
			cum += h.counts[i]
			fmt.Fprintf(bw, "gatehouse_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", quote(route), formatFloat(le), cum)
		}
		fmt.Fprintf(bw, "gatehouse_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quote(route), h.n)
		fmt.Fprintf(bw, "gatehouse_http_request_duration_seconds_sum{route=%s} %s\n", quote(route), formatFloat(h.sum))
		fmt.Fprintf(bw, "gatehouse_http_request_duration_seconds_count{route=%s} %d\n", quote(route), h.n)
	}
	writes := r.writes
	r.mu.Unlock()

	if writes != nil {
		header(bw, "gatehouse_store_writes_total", "counter", "Writes to the store this server has seen: its own and other replicas'.")
		fmt.Fprintf(bw, "gatehouse_store_writes_total %d\n", writes())
	}
	header(bw, "gatehouse_build_info", "gauge", "The running version; always 1.")
	fmt.Fprintf(bw, "gatehouse_build_info{version=%s,goversion=%s} 1\n", quote(r.version), quote(runtime.Version()))
	header(bw, "process_start_time_seconds", "gauge", "When the server started, in seconds since the Unix epoch.")
	fmt.Fprintf(bw, "process_start_time_seconds %s\n", formatFloat(float64(r.start.UnixNano())/1e9))
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	header(bw, "go_goroutines", "gauge", "Goroutines that currently exist.")
	fmt.Fprintf(bw, "go_goroutines %d\n", runtime.NumGoroutine())
	header(bw, "go_memstats_heap_alloc_bytes", "gauge", "Bytes of allocated heap objects.")
	fmt.Fprintf(bw, "go_memstats_heap_alloc_bytes %d\n", ms.HeapAlloc)
	header(bw, "go_memstats_sys_bytes", "gauge", "Bytes of memory obtained from the operating system.")
	fmt.Fprintf(bw, "go_memstats_sys_bytes %d\n", ms.Sys)
	header(bw, "go_gc_cycles_total", "counter", "Completed garbage collection cycles.")
	fmt.Fprintf(bw, "go_gc_cycles_total %d\n", ms.NumGC)
	return bw.Flush()
}

// ContentType is the media type of WriteText's output.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// header writes a metric's HELP and TYPE lines.
func header(w io.Writer, name, kind, help string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
}

// quote quotes a label value as the text format wants: backslash, double
// quote and newline escaped.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// formatFloat formats v as the text format reads it back.
func formatFloat(v float64) string {
	if math.IsInf(v, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// cmpAll returns the first of cs that is not zero.
func cmpAll(cs ...int) int {
	for _, c := range cs {
		if c != 0 {
			return c
		}
	}
	return 0
}
