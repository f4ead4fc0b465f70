// Package console serves the web console under /console/: server-rendered
// html/template pages for operators, tenant administrators and users, with
// its stylesheet and a small progressive-enhancement script embedded.
//
// Every page calls the same domain services (internal/identity,
// internal/access) with the same Principal the API would build from a
// bearer token, so the console authorizes exactly as the API does: hidden
// controls are a convenience, never the boundary. The core flows work with
// JavaScript off; console.js only refreshes filtered lists as you type.
//
// Files:
//   - console.go: the Console type and its routes
//   - session.go: the session cookie (it holds the login token), CSRF
//     tokens, the security headers, and the adapters every handler goes
//     through
//   - render.go: templates, the page data they share, error pages
//   - switch.go: switching tenants from the header (why it asks for the
//     password again is explained there)
//   - login.go, users.go (the list), user.go (detail, forms, actions),
//     tenants.go (tenants and the membership editor), audit.go,
//     profile.go, capabilities.go (browser and custom capability editor),
//     ldap.go (directory servers, their users and groups): one file per
//     group of pages
//   - templates/*.html: one template per page, named for what it shows
//   - static/: console.css and console.js
package console
