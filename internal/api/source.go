package api

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// source returns the address of the client of r: the TCP peer, unless the
// peer is one of trusted (a load balancer or reverse proxy), in which case
// X-Forwarded-For is read from the right, skipping the trusted proxies
// that appended to it, and the first other address is the client. Only
// what trusted proxies appended is believed: a client can write anything
// at the left of the header, never at its right. A hop that does not
// parse ends the walk at the last address known, a trusted proxy's.
func source(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer, trusted) {
		return host
	}
	addr := peer
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		fields := strings.Split(hops[i], ",")
		for j := len(fields) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(fields[j]))
			if err != nil {
				return addr.String()
			}
			addr = a.Unmap()
			if !isTrusted(addr, trusted) {
				return addr.String()
			}
		}
	}
	return addr.String()
}

// isTrusted reports whether a is in one of trusted.
func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
