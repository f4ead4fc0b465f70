package aperture

import (
	"math"
	"regexp"
	"strings"
)

// This file reads addresses the way ipaddr.js 0.1.1, the reference's
// dependency, does: permissive IPv4 forms (hex, single numbers), IPv6 with
// an embedded IPv4 tail, and its error messages.

type ipAddr struct {
	v6    bool
	parts []float64 // 4 octets or 8 16-bit parts
}

const ipv4Part = `(0?\d+|0x[a-f0-9]+)`
const ipv6Part = `(?:[0-9a-f]+::?)+`

var (
	ipv4Four  = regexp.MustCompile(`(?i)^` + ipv4Part + `\.` + ipv4Part + `\.` + ipv4Part + `\.` + ipv4Part + `$`)
	ipv4Long  = regexp.MustCompile(`(?i)^` + ipv4Part + `$`)
	ipv6Nat   = regexp.MustCompile(`(?i)^(::)?(` + ipv6Part + `)?([0-9a-f]+)?(::)?$`)
	ipv6Trans = regexp.MustCompile(`(?i)^((?:` + ipv6Part + `)|(?:::)(?:` + ipv6Part + `)?)` + ipv4Part + `\.` + ipv4Part + `\.` + ipv4Part + `\.` + ipv4Part + `$`)
)

// jsParseInt is parseInt(s) without a radix on strings the regexps above
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

func expandIPv6(s string, parts int) ([]float64, bool) {
	if strings.Index(s, "::") != strings.LastIndex(s, "::") {
		return nil, false
	}
	colons := strings.Count(s, ":")
	if strings.HasPrefix(s, ":") {
		colons--
	}
	if strings.HasSuffix(s, ":") {
		colons--
	}
	n := parts - colons
	if n < 0 {
		// the reference loops forever here; refuse instead
		return []float64{}, true
	}
	s = strings.Replace(s, "::", ":"+strings.Repeat("0:", n), 1)
	s = strings.TrimPrefix(s, ":")
	s = strings.TrimSuffix(s, ":")
	var out []float64
	for _, p := range strings.Split(s, ":") {
		out = append(out, parseRadix(p, 16))
	}
	return out, true
}

func ipv6Parser(s string) ([]float64, bool) {
	if ipv6Nat.MatchString(s) {
		return expandIPv6(s, 8)
	}
	if m := ipv6Trans.FindStringSubmatch(s); m != nil {
		parts, ok := expandIPv6(m[1][:len(m[1])-1], 6)
		if ok {
			hi := toInt32(jsParseInt(m[2]))<<8 | toInt32(jsParseInt(m[3]))
			lo := toInt32(jsParseInt(m[4]))<<8 | toInt32(jsParseInt(m[5]))
			return append(parts, float64(hi), float64(lo)), true
		}
	}
	return nil, false
}

func ipv4Parser(s string) ([]float64, bool) {
	if m := ipv4Four.FindStringSubmatch(s); m != nil {
		return []float64{jsParseInt(m[1]), jsParseInt(m[2]), jsParseInt(m[3]), jsParseInt(m[4])}, true
	}
	if m := ipv4Long.FindStringSubmatch(s); m != nil {
		v := toInt32(jsParseInt(m[1]))
		return []float64{float64(v >> 24 & 0xff), float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)}, true
	}
	return nil, false
}

func newIP(v6 bool, parts []float64) (*ipAddr, error) {
	if v6 {
		if len(parts) != 8 {
			return nil, errorf("Error", "ipaddr: ipv6 part count should be 8")
		}
		for _, p := range parts {
			if !(p >= 0 && p <= 0xffff) {
				return nil, errorf("Error", "ipaddr: ipv6 part should fit to two octets")
			}
		}
	} else {
		if len(parts) != 4 {
			return nil, errorf("Error", "ipaddr: ipv4 octet count should be 4")
		}
		for _, p := range parts {
			if !(p >= 0 && p <= 255) {
				return nil, errorf("Error", "ipaddr: ipv4 octet is a byte")
			}
		}
	}
	return &ipAddr{v6: v6, parts: parts}, nil
}

// parseIP is ipaddr.parse.
func parseIP(s string) (*ipAddr, error) {
	if p, ok := ipv6Parser(s); ok {
		return newIP(true, p)
	}
	if p, ok := ipv4Parser(s); ok {
		return newIP(false, p)
	}
	return nil, errorf("Error", "ipaddr: the address has neither IPv6 nor IPv4 format")
}

func (a *ipAddr) isIPv4Mapped() bool {
	return a.v6 && a.parts[0] == 0 && a.parts[1] == 0 && a.parts[2] == 0 && a.parts[3] == 0 &&
		a.parts[4] == 0 && a.parts[5] == 0xffff
}

func (a *ipAddr) mapped() *ipAddr {
	p := a.parts
	return &ipAddr{v6: true, parts: []float64{0, 0, 0, 0, 0, 0xffff, p[0]*256 + p[1], p[2]*256 + p[3]}}
}

func (a *ipAddr) unmapped() *ipAddr {
	hi, lo := int(a.parts[6]), int(a.parts[7])
	return &ipAddr{parts: []float64{float64(hi >> 8), float64(hi & 0xff), float64(lo >> 8), float64(lo & 0xff)}}
}

// match is matchCIDR over parts of partSize bits; bits has JavaScript's
// number semantics (NaN matches everything, as the reference's loop never runs).
func (a *ipAddr) match(b *ipAddr, bits float64) bool {
	size := 8.0
	if a.v6 {
		size = 16
	}
	for part := 0; bits > 0; part++ {
		shift := size - bits
		if shift < 0 {
			shift = 0
		}
		sh := uint32(toInt32(shift)) & 31
		var x, y int32
		if part < len(a.parts) {
			x = toInt32(a.parts[part])
		}
		if part < len(b.parts) {
			y = toInt32(b.parts[part])
		}
		if x>>sh != y>>sh {
			return false
		}
		bits -= size
	}
	return true
}
