package console

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// Cookie names. The session cookie holds the login token itself, so the
// session ends exactly when the token does: at its expiry, at logout, or
// when the token is revoked.
const (
	sessionCookie = "gatehouse_session"
	loginCookie   = "gatehouse_login" // the CSRF token of the login form
	flashCookie   = "gatehouse_flash" // a message for the next page
)

// contentSecurityPolicy allows only the console's own script and
// stylesheet: no inline code, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// maxFormBytes bounds a posted form.
const maxFormBytes = 1 << 20

// session is the caller of a page: who they are and the CSRF token their
// forms carry.
type session struct {
	p    *identity.Principal
	csrf string
}

// handler is a page handler that returns its error for fail to show.
type handler func(w http.ResponseWriter, r *http.Request) error

// authedHandler is a handler for a logged-in caller.
type authedHandler func(w http.ResponseWriter, r *http.Request, s *session) error

// withHeaders sets the security headers of every response.
func withHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// serve adapts h, showing any error it returns.
func (c *Console) serve(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		}
		if err := h(w, r); err != nil {
			c.fail(w, r, nil, err)
		}
	})
}

// authed adapts h: it authenticates the session cookie exactly as the API
// authenticates a bearer token, sends anyone without a live session to
// the login page, and checks the CSRF token of every POST.
func (c *Console) authed(h authedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var tok string
		if ck, err := r.Cookie(sessionCookie); err == nil {
			tok = ck.Value
		}
		p, err := c.Identity.Authenticate(r.Context(), tok)
		if errors.Is(err, gatehouse.ErrUnauthenticated) {
			if tok != "" {
				c.clearCookie(w, sessionCookie)
			}
			next := ""
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, loginURL(next), http.StatusSeeOther)
			return
		}
		if err != nil {
			c.fail(w, r, nil, err)
			return
		}
		s := &session{p: p, csrf: csrfToken(tok)}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			if !sameToken(r.PostFormValue("csrf"), s.csrf) {
				c.fail(w, r, s, errBadCSRF)
				return
			}
		}
		if err := h(w, r, s); err != nil {
			c.fail(w, r, s, err)
		}
	})
}

// errBadCSRF refuses a form that does not carry the session's CSRF token.
var errBadCSRF = gatehouse.Errorf(gatehouse.ErrForbidden, "this form has expired or did not come from the console: go back, reload the page and try again")

// csrfToken derives the CSRF token of a session from its login token:
// only a page of the console, which the session cookie reached, knows it.
func csrfToken(tok string) string {
	sum := sha256.Sum256([]byte("gatehouse console csrf\x00" + tok))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// sameToken compares two tokens in constant time; empty never matches.
func sameToken(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// setCookie sets a console cookie: HttpOnly, SameSite=Strict, limited to
// the console's path, Secure under TLS. A zero expires makes it a
// browser-session cookie.
func (c *Console) setCookie(w http.ResponseWriter, name, value string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: Path, Expires: expires,
		HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteStrictMode})
}

// clearCookie removes a console cookie.
func (c *Console) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: Path, MaxAge: -1,
		HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteStrictMode})
}

// redirect ends a successful POST: it leaves msg for the next page and
// sends the browser there (post, redirect, get).
func (c *Console) redirect(w http.ResponseWriter, r *http.Request, to, msg string) error {
	if msg != "" {
		c.setCookie(w, flashCookie, url.QueryEscape(msg), time.Time{})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// takeFlash returns the message a redirect left, and forgets it.
func (c *Console) takeFlash(w http.ResponseWriter, r *http.Request) string {
	ck, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	c.clearCookie(w, flashCookie)
	msg, _ := url.QueryUnescape(ck.Value)
	return msg
}

// loginURL is the login page, returning to next (a console path) after.
func loginURL(next string) string {
	if !localPath(next) {
		return Path + "login"
	}
	return Path + "login?next=" + url.QueryEscape(next)
}

// localPath reports whether next is a path inside the console, so that
// the login page never redirects elsewhere.
func localPath(next string) bool {
	return strings.HasPrefix(next, Path) && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n")
}
