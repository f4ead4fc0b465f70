package aperture

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// isoDate is the ECMAScript date-time string format, read as leniently as
// V8 reads it (lower-case t and z, any number of fraction digits).
var isoDate = regexp.MustCompile(`^([+-]\d{6}|\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:[Tt](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?([Zz]|[+-]\d\d:?\d\d)?)?$`)

var isoStart = regexp.MustCompile(`^\d{4}-\d\d-\d\d[Tt]`)

// jsDateParse is Date.parse in a process running with TZ=UTC: the ISO
// format, and the common legacy forms ("Aug 9, 1995", "Wed, 09 Aug 1995
// 00:00:00 GMT", "1995/08/09", "08/09/1995 10:00 PM"). It returns NaN for
// anything else.
func jsDateParse(s string) float64 {
	s = strings.TrimSpace(s)
	if m := isoDate.FindStringSubmatch(s); m != nil {
		return isoMillis(m)
	}
	if isoStart.MatchString(s) {
		return math.NaN()
	}
	return legacyDate(s)
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func isoMillis(m []string) float64 {
	year := atoi(strings.TrimPrefix(m[1], "+"))
	if m[1] == "-000000" {
		return math.NaN()
	}
	month, day := 1, 1
	if m[2] != "" {
		month = atoi(m[2])
	}
	if m[3] != "" {
		day = atoi(m[3])
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return math.NaN()
	}
	h, mi, sec, ms := atoi(m[4]), atoi(m[5]), atoi(m[6]), 0
	if m[7] != "" {
		ms = atoi((m[7] + "000")[:3])
	}
	if h > 24 || mi > 59 || sec > 59 || h == 24 && (mi != 0 || sec != 0 || ms != 0) {
		return math.NaN()
	}
	off := 0
	if z := m[8]; z != "" && z != "Z" && z != "z" {
		z = strings.ReplaceAll(z, ":", "")
		oh, om := atoi(z[1:3]), atoi(z[3:5])
		if oh > 23 || om > 59 {
			return math.NaN()
		}
		off = (oh*60 + om) * 60000
		if z[0] == '-' {
			off = -off
		}
	}
	return clip(float64(makeMillis(year, month, day, h, mi, sec, ms) - int64(off)))
}

func makeMillis(year, month, day, h, mi, sec, ms int) int64 {
	t := time.Date(year, time.Month(month), day, h, mi, sec, ms*1e6, time.UTC)
	return t.UnixMilli()
}

// clip is TimeClip: dates beyond ±8.64e15 ms are invalid.
func clip(ms float64) float64 {
	if math.Abs(ms) > 8.64e15 {
		return math.NaN()
	}
	return ms
}

var monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// legacyDate reads the non-ISO forms V8 falls back to, in a simplified way.
func legacyDate(s string) float64 {
	var nums []int
	var digits []int
	month := 0
	h, mi, sec, ms := -1, 0, 0, 0
	ampm := 0
	tz, hasTZ := 0, false
	read := false
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			n := atoi(s[i:j])
			switch {
			case j < len(s) && s[j] == ':' && h < 0:
				// a time: hh:mm[:ss[.mmm]]
				h = n
				k := j + 1
				var part string
				part, k = readDigits(s, k)
				if part == "" {
					return math.NaN()
				}
				mi = atoi(part)
				if k < len(s) && s[k] == ':' {
					part, k = readDigits(s, k+1)
					if part == "" {
						return math.NaN()
					}
					sec = atoi(part)
					if k < len(s) && s[k] == '.' {
						part, k = readDigits(s, k+1)
						ms = atoi((part + "000")[:3])
					}
				}
				j = k
			case i > 0 && (s[i-1] == '+' || s[i-1] == '-') && h >= 0 && !hasTZ || hasTZ && i > 0 && (s[i-1] == '+' || s[i-1] == '-'):
				sign := 1
				if s[i-1] == '-' {
					sign = -1
				}
				if j-i <= 2 {
					m := 0
					if j < len(s) && s[j] == ':' {
						var part string
						part, j = readDigits(s, j+1)
						m = atoi(part)
					}
					tz = sign * (n*60 + m)
				} else {
					tz = sign * (n/100*60 + n%100)
				}
				hasTZ = true
			default:
				if len(nums) == 3 {
					return math.NaN()
				}
				nums = append(nums, n)
				digits = append(digits, j-i)
			}
			read = true
			i = j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
				j++
			}
			w := strings.ToLower(s[i:j])
			switch {
			case w == "am" || w == "pm":
				ampm = 1
				if w == "pm" {
					ampm = 2
				}
			case w == "utc" || w == "ut" || w == "gmt" || w == "z":
				hasTZ = true
			case len(w) >= 3 && monthIndex(w[:3]) > 0:
				month = monthIndex(w[:3])
			case len(w) >= 3 && isWeekday(w[:3]) && !read:
			default:
				if read || w != "t" {
					return math.NaN()
				}
			}
			i = j
		case c == '(':
			j := strings.IndexByte(s[i:], ')')
			if j < 0 {
				i = len(s)
			} else {
				i += j + 1
			}
		default:
			i++
		}
	}
	var year, mon, day int
	switch {
	case month > 0:
		mon = month
		switch len(nums) {
		case 0:
			return math.NaN()
		case 1:
			day, year = nums[0], 1
		default:
			if nums[0] > 31 || digits[0] >= 3 {
				year, day = nums[0], nums[1]
			} else {
				day, year = nums[0], nums[1]
			}
		}
	default:
		if len(nums) == 0 {
			return math.NaN()
		}
		for len(nums) < 3 {
			nums = append(nums, 1)
			digits = append(digits, 1)
		}
		if nums[0] >= 1 && nums[0] <= 12 && digits[0] < 3 {
			mon, day, year = nums[0], nums[1], nums[2]
		} else {
			year, mon, day = nums[0], nums[1], nums[2]
		}
	}
	if year >= 0 && year <= 49 {
		year += 2000
	} else if year >= 50 && year <= 99 {
		year += 1900
	}
	if mon < 1 || mon > 12 || day < 1 || day > 31 {
		return math.NaN()
	}
	if h < 0 {
		h = 0
	}
	if ampm != 0 {
		if h > 12 {
			return math.NaN()
		}
		if h == 12 {
			h = 0
		}
		if ampm == 2 {
			h += 12
		}
	}
	if h > 24 || mi > 59 || sec > 59 || h == 24 && (mi|sec|ms) != 0 {
		return math.NaN()
	}
	return clip(float64(makeMillis(year, mon, day, h, mi, sec, ms) - int64(tz)*60000))
}

func readDigits(s string, i int) (string, int) {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return s[i:j], j
}

func monthIndex(w string) int {
	for i, m := range monthNames {
		if w == m {
			return i + 1
		}
	}
	return 0
}

func isWeekday(w string) bool {
	for _, d := range weekdays {
		if strings.EqualFold(w, d) {
			return true
		}
	}
	return false
}
