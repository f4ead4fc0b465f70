package aperture

import (
	"math"
	"time"
	"unicode/utf8"
)

// jsDateParse is V8's Date.parse in a process running with TZ=UTC: the
// ECMAScript date-time format, then V8's legacy parser for everything
// else ("Aug 9, 1995", "Wed, 09 Aug 1995 00:00:00 GMT", "1995/08/09",
// "08/09/1995 10:00 PM", even "7", which is July 1st, 2001). It follows
// V8's dateparser step by step, so odd strings read the same way too.
func jsDateParse(s string) float64 {
	sc := &dateScanner{in: s}
	sc.next = sc.scan()
	var day dayComposer
	tim := timeComposer{hourOffset: none}
	tz := tzComposer{sign: none, hour: none, minute: none}
	tok := parseES5(sc, &day, &tim, &tz)
	if tok.kind == dtInvalid {
		return math.NaN()
	}
	hasNumber := day.n > 0
	for ; tok.kind != dtEnd; tok = sc.take() {
		switch {
		case tok.kind == dtNumber:
			hasNumber = true
			n := tok.value
			switch {
			case sc.skip(':'):
				if sc.skip(':') {
					if tim.n > 0 {
						return math.NaN()
					}
					tim.add(n)
					tim.add(0)
				} else {
					if !tim.add(n) {
						return math.NaN()
					}
					if sc.next.isSymbol('.') {
						sc.take()
					}
				}
			case sc.skip('.') && tim.expecting(n):
				tim.add(n)
				if sc.next.kind != dtNumber {
					return math.NaN()
				}
				tim.addFinal(readMillis(sc.take()))
			case tz.expecting(n):
				tz.minute = n
			case tim.expecting(n):
				tim.addFinal(n)
				p := sc.next
				if p.kind != dtEnd && p.kind != dtSpace && !p.isZ() && !p.isSign() {
					return math.NaN()
				}
			default:
				if !day.add(n) {
					return math.NaN()
				}
				sc.skip('-')
			}
		case tok.kind == dtWord:
			switch {
			case tok.wordType == kwAMPM && tim.n > 0:
				tim.hourOffset = tok.value
			case tok.wordType == kwMonth:
				day.namedMonth = tok.value
				sc.skip('-')
			case tok.wordType == kwZone && hasNumber:
				tz.set(tok.value)
			default:
				if hasNumber || sc.next.kind == dtNumber {
					return math.NaN()
				}
			}
		case tok.isSign() && (tz.isUTC() || tim.n > 0):
			tz.sign = tok.sign()
			n, length := 0, 0
			if sc.next.kind == dtNumber {
				t := sc.take()
				n, length = t.value, t.length
			}
			hasNumber = true
			switch {
			case sc.next.isSymbol(':'):
				tz.hour, tz.minute = n, none
			case length == 1 || length == 2:
				tz.hour, tz.minute = n, 0
			case length == 3 || length == 4:
				tz.hour, tz.minute = n/100, n%100
			default:
				return math.NaN()
			}
		case (tok.isSign() || tok.isSymbol(')')) && hasNumber:
			return math.NaN()
		}
	}
	year, month, dayOfMonth, ok := day.write()
	if !ok {
		return math.NaN()
	}
	h, m, sec, ms, ok := tim.write()
	if !ok {
		return math.NaN()
	}
	offset, ok := tz.write()
	if !ok {
		return math.NaN()
	}
	// MakeDay and MakeTime carry over (February 30th is March 2nd).
	t := time.Date(year, time.Month(month), dayOfMonth, h, m, sec, 0, time.UTC)
	msec := float64(t.Unix())*1000 + float64(ms) - float64(offset)*1000
	return clip(msec)
}

// none is V8's kNone.
const none = math.MaxInt32

type dtKind uint8

const (
	dtInvalid dtKind = iota
	dtUnknown
	dtNumber
	dtSymbol
	dtSpace
	dtWord
	dtEnd
)

type kwType uint8

const (
	kwInvalid kwType = iota
	kwMonth
	kwAMPM
	kwZone
	kwTimeSep
)

type dateToken struct {
	kind     dtKind
	value    int // number value, symbol, or keyword value
	length   int
	wordType kwType
}

func (t dateToken) isSymbol(c byte) bool { return t.kind == dtSymbol && t.value == int(c) }
func (t dateToken) isSign() bool         { return t.isSymbol('+') || t.isSymbol('-') }
func (t dateToken) isZ() bool {
	return t.kind == dtWord && t.wordType == kwZone && t.length == 1 && t.value == 0
}
func (t dateToken) sign() int {
	if t.isSymbol('-') {
		return -1
	}
	return 1
}
func (t dateToken) fixed(n int) bool { return t.kind == dtNumber && t.length == n }

var dateKeywords = []struct {
	prefix string
	typ    kwType
	value  int
}{
	{"jan", kwMonth, 1}, {"feb", kwMonth, 2}, {"mar", kwMonth, 3}, {"apr", kwMonth, 4},
	{"may", kwMonth, 5}, {"jun", kwMonth, 6}, {"jul", kwMonth, 7}, {"aug", kwMonth, 8},
	{"sep", kwMonth, 9}, {"oct", kwMonth, 10}, {"nov", kwMonth, 11}, {"dec", kwMonth, 12},
	{"am", kwAMPM, 0}, {"pm", kwAMPM, 12}, {"ut", kwZone, 0}, {"utc", kwZone, 0},
	{"z", kwZone, 0}, {"gmt", kwZone, 0}, {"cdt", kwZone, -5}, {"cst", kwZone, -6},
	{"edt", kwZone, -4}, {"est", kwZone, -5}, {"mdt", kwZone, -6}, {"mst", kwZone, -7},
	{"pdt", kwZone, -7}, {"pst", kwZone, -8}, {"t", kwTimeSep, 0},
}

// dateScanner is V8's DateStringTokenizer, with one token of lookahead.
type dateScanner struct {
	in   string
	pos  int
	next dateToken
}

func (sc *dateScanner) take() dateToken {
	t := sc.next
	sc.next = sc.scan()
	return t
}

func (sc *dateScanner) skip(c byte) bool {
	if sc.next.isSymbol(c) {
		sc.take()
		return true
	}
	return false
}

func isDateSpace(r rune) bool { return isJSSpace(r) }

func (sc *dateScanner) scan() dateToken {
	if sc.pos >= len(sc.in) {
		return dateToken{kind: dtEnd}
	}
	start := sc.pos
	c := sc.in[sc.pos]
	switch {
	case c >= '0' && c <= '9':
		n, i := 0, 0
		for sc.pos < len(sc.in) && sc.in[sc.pos] == '0' {
			sc.pos++
		}
		for sc.pos < len(sc.in) && sc.in[sc.pos] >= '0' && sc.in[sc.pos] <= '9' {
			if i < 9 {
				n = n*10 + int(sc.in[sc.pos]-'0')
			}
			i++
			sc.pos++
		}
		return dateToken{kind: dtNumber, value: n, length: sc.pos - start}
	case c == ':' || c == '-' || c == '+' || c == '.' || c == ')':
		sc.pos++
		return dateToken{kind: dtSymbol, value: int(c)}
	}
	r, size := utf8.DecodeRuneInString(sc.in[sc.pos:])
	if r >= 'A' && !isDateSpace(r) {
		var prefix []byte
		length := 0
		for sc.pos < len(sc.in) {
			r, size = utf8.DecodeRuneInString(sc.in[sc.pos:])
			if r < 'A' || isDateSpace(r) {
				break
			}
			if length < 3 {
				if r >= 'A' && r <= 'Z' {
					r += 'a' - 'A'
				}
				if r < 0x80 {
					prefix = append(prefix, byte(r))
				} else {
					prefix = append(prefix, 0xff)
				}
			}
			length++
			sc.pos += size
		}
		t := dateToken{kind: dtWord, length: length}
		for _, k := range dateKeywords {
			if string(prefix) == k.prefix && (length <= 3 || k.typ == kwMonth) {
				t.wordType, t.value = k.typ, k.value
				break
			}
		}
		return t
	}
	if isDateSpace(r) {
		for sc.pos < len(sc.in) {
			r, size = utf8.DecodeRuneInString(sc.in[sc.pos:])
			if !isDateSpace(r) {
				break
			}
			sc.pos += size
		}
		return dateToken{kind: dtSpace, length: sc.pos - start}
	}
	if c == '(' {
		depth := 0
		for sc.pos < len(sc.in) {
			switch sc.in[sc.pos] {
			case '(':
				depth++
			case ')':
				depth--
			}
			sc.pos++
			if depth == 0 {
				break
			}
		}
		return dateToken{kind: dtUnknown}
	}
	sc.pos += size
	return dateToken{kind: dtUnknown}
}

// parseES5 reads the ECMAScript format; on a mismatch it returns the token
// the legacy parser continues with, keeping what it already read.
func parseES5(sc *dateScanner, day *dayComposer, tim *timeComposer, tz *tzComposer) dateToken {
	invalid := dateToken{kind: dtInvalid}
	switch {
	case sc.next.isSign():
		signTok := sc.take()
		if !sc.next.fixed(6) {
			return signTok
		}
		year := sc.take().value
		if signTok.sign() < 0 && year == 0 {
			return signTok
		}
		day.add(signTok.sign() * year)
	case sc.next.fixed(4):
		day.add(sc.take().value)
	default:
		return sc.take()
	}
	if sc.skip('-') {
		if !sc.next.fixed(2) || !between(sc.next.value, 1, 12) {
			return sc.take()
		}
		day.add(sc.take().value)
		if sc.skip('-') {
			if !sc.next.fixed(2) || !between(sc.next.value, 1, 31) {
				return sc.take()
			}
			day.add(sc.take().value)
		}
	}
	if !(sc.next.kind == dtWord && sc.next.wordType == kwTimeSep) {
		if sc.next.kind != dtEnd {
			return sc.take()
		}
	} else {
		sc.take()
		if !sc.next.fixed(2) || !between(sc.next.value, 0, 24) {
			return invalid
		}
		hour24 := sc.next.value == 24
		tim.add(sc.take().value)
		if !sc.skip(':') {
			return invalid
		}
		if !sc.next.fixed(2) || !between(sc.next.value, 0, 59) || hour24 && sc.next.value > 0 {
			return invalid
		}
		tim.add(sc.take().value)
		if sc.skip(':') {
			if !sc.next.fixed(2) || !between(sc.next.value, 0, 59) || hour24 && sc.next.value > 0 {
				return invalid
			}
			tim.add(sc.take().value)
			if sc.skip('.') {
				if sc.next.kind != dtNumber || hour24 && sc.next.value > 0 {
					return invalid
				}
				tim.add(readMillis(sc.take()))
			}
		}
		switch {
		case sc.next.isZ():
			sc.take()
			tz.set(0)
		case sc.next.isSign():
			tz.sign = sc.take().sign()
			if sc.next.fixed(4) {
				hm := sc.take().value
				if !between(hm/100, 0, 23) || !between(hm%100, 0, 59) {
					return invalid
				}
				tz.hour, tz.minute = hm/100, hm%100
			} else {
				if !sc.next.fixed(2) || !between(sc.next.value, 0, 23) {
					return invalid
				}
				tz.hour = sc.take().value
				if !sc.skip(':') {
					return invalid
				}
				if !sc.next.fixed(2) || !between(sc.next.value, 0, 59) {
					return invalid
				}
				tz.minute = sc.take().value
			}
		}
		if sc.next.kind != dtEnd {
			return invalid
		}
	}
	if tz.hour == none && tim.n == 0 {
		tz.set(0)
	}
	day.iso = true
	return dateToken{kind: dtEnd}
}

func between(x, lo, hi int) bool { return x >= lo && x <= hi }

func readMillis(t dateToken) int {
	n, length := t.value, t.length
	switch {
	case length == 1:
		n *= 100
	case length == 2:
		n *= 10
	case length > 3:
		if length > 9 {
			length = 9
		}
		factor := 1
		for length > 3 {
			factor *= 10
			length--
		}
		n /= factor
	}
	return n
}

type dayComposer struct {
	comp       [3]int
	n          int
	namedMonth int
	iso        bool
}

func (d *dayComposer) add(v int) bool {
	if d.n == 3 {
		return false
	}
	d.comp[d.n] = v
	d.n++
	return true
}

func (d *dayComposer) write() (year, month, day int, ok bool) {
	if d.n < 1 {
		return 0, 0, 0, false
	}
	for d.n < 3 {
		d.comp[d.n] = 1
		d.n++
	}
	switch {
	case d.namedMonth == 0 && (d.iso || !between(d.comp[0], 1, 31)):
		year, month, day = d.comp[0], d.comp[1], d.comp[2]
	case d.namedMonth == 0:
		month, day, year = d.comp[0], d.comp[1], d.comp[2]
	case !between(d.comp[0], 1, 31):
		month, year, day = d.namedMonth, d.comp[0], d.comp[1]
	default:
		month, day, year = d.namedMonth, d.comp[0], d.comp[1]
	}
	if !d.iso {
		if between(year, 0, 49) {
			year += 2000
		} else if between(year, 50, 99) {
			year += 1900
		}
	}
	if !between(month, 1, 12) || !between(day, 1, 31) {
		return 0, 0, 0, false
	}
	return year, month, day, true
}

type timeComposer struct {
	comp       [4]int
	n          int
	hourOffset int
}

func (t *timeComposer) expecting(v int) bool {
	return t.n == 1 && between(v, 0, 59) || t.n == 2 && between(v, 0, 59) || t.n == 3 && between(v, 0, 999)
}

func (t *timeComposer) add(v int) bool {
	if t.n >= 4 {
		return false
	}
	t.comp[t.n] = v
	t.n++
	return true
}

func (t *timeComposer) addFinal(v int) bool {
	if !t.add(v) {
		return false
	}
	for t.n < 4 {
		t.comp[t.n] = 0
		t.n++
	}
	return true
}

func (t *timeComposer) write() (h, m, s, ms int, ok bool) {
	for t.n < 4 {
		t.comp[t.n] = 0
		t.n++
	}
	h, m, s, ms = t.comp[0], t.comp[1], t.comp[2], t.comp[3]
	if t.hourOffset != none {
		if !between(h, 0, 12) {
			return 0, 0, 0, 0, false
		}
		h = h%12 + t.hourOffset
	}
	if !between(h, 0, 23) || !between(m, 0, 59) || !between(s, 0, 59) || !between(ms, 0, 999) {
		if h != 24 || m != 0 || s != 0 || ms != 0 {
			return 0, 0, 0, 0, false
		}
	}
	return h, m, s, ms, true
}

type tzComposer struct{ sign, hour, minute int }

func (z *tzComposer) set(hours int) {
	z.sign = 1
	if hours < 0 {
		z.sign = -1
	}
	z.hour, z.minute = hours*z.sign, 0
}

func (z *tzComposer) expecting(v int) bool {
	return z.hour != none && z.minute == none && between(v, 0, 59)
}

func (z *tzComposer) isUTC() bool { return z.hour == 0 && z.minute == 0 }

// write returns the offset in seconds (0 for local time, which is UTC here).
func (z *tzComposer) write() (int, bool) {
	if z.sign == none {
		return 0, true
	}
	h, m := z.hour, z.minute
	if h == none {
		h = 0
	}
	if m == none {
		m = 0
	}
	total := uint64(h)*3600 + uint64(m)*60
	if total > math.MaxInt32 {
		return 0, false
	}
	if z.sign < 0 {
		return -int(total), true
	}
	return int(total), true
}

// clip is TimeClip: dates beyond ±8.64e15 ms are invalid.
func clip(ms float64) float64 {
	if math.IsNaN(ms) || math.Abs(ms) > 8.64e15 {
		return math.NaN()
	}
	return ms + 0 // no negative zero
}
