# Gatehouse build and test entry points. `make test` is what CI runs.

GO ?= go

.PHONY: build deps test vet bench clean aperture-reference

build:
	$(GO) build -o gatehouse ./cmd/gatehouse

# deps installs the Debian packages the tests run for real when missing:
# slapd and ldap-utils (a throwaway OpenLDAP server per test binary; the
# system instance Debian's postinst configures is never started), and
# PostgreSQL's server programs (initdb, postgres: a throwaway cluster per
# test binary of the PostgreSQL backend), Chromium for the web console's
# browser tests, oslo.policy for Debian's python3 (the rules package's
# differential test runs it), and node with the npm packages of
# internal/aperture/testdata/node (the aperture package checks its readings
# of dates, regular expressions and IP addresses against node and ipaddr.js).
deps:
	@{ command -v slapd >/dev/null 2>&1 || test -x /usr/sbin/slapd; } && command -v ldapmodify >/dev/null 2>&1 || { \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; }
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm; }
	@test -d $(APERTURE_NODE)/node_modules || (cd $(APERTURE_NODE) && npm ci --no-audit --no-fund)
	@command -v chromium >/dev/null 2>&1 || { \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	@/usr/bin/python3 -c 'import oslo_policy' >/dev/null 2>&1 || { \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-oslo.policy; }

# test runs every check CI runs: formatting, vet, and all tests with the
# race detector; then the API tests again over PostgreSQL (about 30 s more),
# and again under the default identity rule set with a "default" rule that
# denies, which every operation must then name (a few seconds).
test: deps
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed on:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) test -race -timeout 15m ./...
	GATEHOUSE_TEST_STORE=postgres $(GO) test -race -timeout 15m ./internal/api
	GATEHOUSE_TEST_IDENTITY_RULES=default $(GO) test -race -timeout 15m ./internal/api

# bench runs the Go benchmarks whose figures the issues ask for.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# aperture-reference records node-aperture's answers to the Aperture
# differential test's requests. node-aperture is not on the npm registry:
# APERTURE_DIR names a checkout of TritonDataCenter/node-aperture with its
# parser generated (gen/language.js); its npm dependencies come from
# internal/aperture/testdata/node (npm ci when node_modules is missing).
APERTURE_NODE = internal/aperture/testdata/node
aperture-reference:
	@test -n "$(APERTURE_DIR)" || { echo "error: set APERTURE_DIR to a node-aperture checkout"; exit 1; }
	cd $(APERTURE_NODE) && { test -d node_modules || npm ci --no-audit --no-fund; }
	cd internal/aperture && $(GO) test -count=1 -run '^TestDifferential$$' -write-requests .
	cd internal/aperture && TZ=UTC NODE_PATH=$(CURDIR)/$(APERTURE_NODE)/node_modules \
		node testdata/node/driver.js $(abspath $(APERTURE_DIR)) < testdata/differential/requests.jsonl \
		| gzip -9n > testdata/differential/answers.jsonl.gz
	rm internal/aperture/testdata/differential/requests.jsonl

clean:
	rm -f gatehouse
