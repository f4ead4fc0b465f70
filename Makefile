# Gatehouse build and test entry points. `make test` is what CI runs.

GO ?= go

.PHONY: build test vet bench clean

build:
	$(GO) build -o gatehouse ./cmd/gatehouse

# test runs every check CI runs: formatting, vet, and all tests with the
# race detector.
test:
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed on:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) test -race -timeout 15m ./...

# bench runs the Go benchmarks whose figures the issues ask for.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -f gatehouse
