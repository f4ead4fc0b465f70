package aperture

import (
	"math"
	"strings"
)

// This file reads addresses the way ipaddr.js 0.1.1, the reference's
// dependency, does: permissive IPv4 forms (hex, a single number), IPv6 with
// an embedded IPv4 tail, and its error messages. Its regular expressions
// are matched by hand here, which keeps a sub-user check fast.

type ipAddr struct {
	v6    bool
	parts [8]float64 // 4 octets, or 8 16-bit parts
}

func isHexByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// hexGroups matches (hex+ ::?)* from i, returning where it stopped.
func hexGroups(s string, i int) int {
	for i < len(s) && isHexByte(s[i]) {
		j := i
		for j < len(s) && isHexByte(s[j]) {
			j++
		}
		if j == len(s) || s[j] != ':' {
			return i
		}
		j++
		if j < len(s) && s[j] == ':' {
			j++
		}
		i = j
	}
	return i
}

// matchNative is /^(::)?((?:[0-9a-f]+::?)+)?([0-9a-f]+)?(::)?$/i.
func matchNative(s string) bool {
	i := 0
	if strings.HasPrefix(s, "::") {
		i = 2
	}
	for i < len(s) {
		j := i
		for j < len(s) && isHexByte(s[j]) {
			j++
		}
		if j == i {
			return s[i:] == "::"
		}
		c := 0
		for j+c < len(s) && s[j+c] == ':' {
			c++
		}
		rest := s[j+c:]
		switch {
		case c == 0:
			return rest == ""
		case c <= 2:
			if rest == "" {
				return true
			}
			if !isHexByte(rest[0]) {
				return false
			}
		case c <= 4:
			return rest == ""
		default:
			return false
		}
		i = j + c
	}
	return true
}

// ipv4Part is (0?\d+|0x[a-f0-9]+), the whole of s.
func ipv4Part(s string) bool {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		for i := 2; i < len(s); i++ {
			if !isHexByte(s[i]) {
				return false
			}
		}
		return true
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

// fourOctets splits a.b.c.d when each part is an ipv4Part.
func fourOctets(s string) (p [4]string, ok bool) {
	for k := 0; k < 3; k++ {
		i := strings.IndexByte(s, '.')
		if i < 0 {
			return p, false
		}
		p[k], s = s[:i], s[i+1:]
	}
	p[3] = s
	for _, x := range p {
		if !ipv4Part(x) {
			return p, false
		}
	}
	return p, true
}

// jsParseInt is parseInt(s) without a radix on strings the patterns above
// accepted: decimal, or hex after 0x.
func jsParseInt(s string) float64 {
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		return parseRadix(s[2:], 16)
	}
	return parseRadix(s, 10)
}

func parseRadix(s string, base int) float64 {
	v, any := 0.0, false
	for _, c := range s {
		d := digitVal(c)
		if d < 0 || d >= base {
			break
		}
		v = v*float64(base) + float64(d)
		any = true
	}
	if !any {
		return math.NaN()
	}
	return v
}

// toInt32 is JavaScript's ToInt32.
func toInt32(f float64) int32 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return int32(uint32(int64(math.Mod(math.Trunc(f), 4294967296))))
}

// expandIPv6 replaces "::" with zero parts, as the reference does, and
// reads the hex parts; n counts them (only the first 8 are kept). ok is
// false when "::" appears twice.
func expandIPv6(s string, want int, parts *[8]float64) (n int, ok bool) {
	if strings.Index(s, "::") != strings.LastIndex(s, "::") {
		return 0, false
	}
	colons := strings.Count(s, ":")
	if strings.HasPrefix(s, ":") {
		colons--
	}
	if strings.HasSuffix(s, ":") {
		colons--
	}
	fill := want - colons
	if fill < 0 {
		// the reference loops forever here; refuse instead
		return 0, true
	}
	if strings.Contains(s, "::") {
		s = strings.Replace(s, "::", ":"+strings.Repeat("0:", fill), 1)
	}
	s = strings.TrimPrefix(s, ":")
	s = strings.TrimSuffix(s, ":")
	for {
		p, rest, more := strings.Cut(s, ":")
		if n < 8 {
			parts[n] = parseRadix(p, 16)
		}
		n++
		if !more {
			return n, true
		}
		s = rest
	}
}

func ipv6Parser(s string, a *ipAddr) (n int, ok bool) {
	if matchNative(s) {
		return expandIPv6(s, 8, &a.parts)
	}
	last := strings.LastIndexByte(s, ':')
	if last < 0 {
		return 0, false
	}
	prefix, v4 := s[:last+1], s[last+1:]
	octets, ok4 := fourOctets(v4)
	if !ok4 {
		return 0, false
	}
	var end int
	if strings.HasPrefix(prefix, "::") {
		end = hexGroups(prefix, 2)
	} else {
		end = hexGroups(prefix, 0)
		if end == 0 {
			return 0, false
		}
	}
	if end != len(prefix) {
		return 0, false
	}
	n, ok = expandIPv6(prefix[:len(prefix)-1], 6, &a.parts)
	if !ok {
		return 0, false
	}
	hi := toInt32(jsParseInt(octets[0]))<<8 | toInt32(jsParseInt(octets[1]))
	lo := toInt32(jsParseInt(octets[2]))<<8 | toInt32(jsParseInt(octets[3]))
	for _, v := range []int32{hi, lo} {
		if n < 8 {
			a.parts[n] = float64(v)
		}
		n++
	}
	return n, true
}

func ipv4Parser(s string, a *ipAddr) bool {
	if o, ok := fourOctets(s); ok {
		for i, x := range o {
			a.parts[i] = jsParseInt(x)
		}
		return true
	}
	if ipv4Part(s) {
		v := toInt32(jsParseInt(s))
		a.parts[0], a.parts[1], a.parts[2], a.parts[3] = float64(v>>24&0xff), float64(v>>16&0xff), float64(v>>8&0xff), float64(v&0xff)
		return true
	}
	return false
}

// parseIP is ipaddr.parse.
func parseIP(s string) (ipAddr, error) {
	var a ipAddr
	if n, ok := ipv6Parser(s, &a); ok {
		a.v6 = true
		if n != 8 {
			return a, errorf("Error", "ipaddr: ipv6 part count should be 8")
		}
		for _, p := range a.parts {
			if !(p >= 0 && p <= 0xffff) {
				return a, errorf("Error", "ipaddr: ipv6 part should fit to two octets")
			}
		}
		return a, nil
	}
	a = ipAddr{}
	if ipv4Parser(s, &a) {
		for _, p := range a.parts[:4] {
			if !(p >= 0 && p <= 255) {
				return a, errorf("Error", "ipaddr: ipv4 octet is a byte")
			}
		}
		return a, nil
	}
	return a, errorf("Error", "ipaddr: the address has neither IPv6 nor IPv4 format")
}

func (a ipAddr) isIPv4Mapped() bool {
	p := a.parts
	return a.v6 && p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0 && p[4] == 0 && p[5] == 0xffff
}

func (a ipAddr) mapped() ipAddr {
	p := a.parts
	return ipAddr{v6: true, parts: [8]float64{0, 0, 0, 0, 0, 0xffff, p[0]*256 + p[1], p[2]*256 + p[3]}}
}

func (a ipAddr) unmapped() ipAddr {
	hi, lo := int(a.parts[6]), int(a.parts[7])
	return ipAddr{parts: [8]float64{float64(hi >> 8), float64(hi & 0xff), float64(lo >> 8), float64(lo & 0xff)}}
}

// match is matchCIDR over parts of partSize bits; bits has JavaScript's
// number semantics (NaN matches everything, as the reference's loop never
// runs).
func (a ipAddr) match(b ipAddr, bits float64) bool {
	size, n := 8.0, 4
	if a.v6 {
		size, n = 16, 8
	}
	for part := 0; bits > 0; part++ {
		shift := size - bits
		if shift < 0 {
			shift = 0
		}
		sh := uint32(toInt32(shift)) & 31
		var x, y int32
		if part < n {
			x, y = toInt32(a.parts[part]), toInt32(b.parts[part])
		}
		if x>>sh != y>>sh {
			return false
		}
		bits -= size
	}
	return true
}
