# casework: `make test` is what CI runs; `make demo` is the main job on the sample repository.
GO ?= go
PKGS := ./...

.PHONY: all build install test fmt-check vet demo fuzz man clean

all: build

build:
	$(GO) build -o bin/casework ./cmd/casework

install:
	$(GO) install ./cmd/casework

# Formatting, vet, then every test under the race detector.
test: fmt-check vet
	$(GO) test -race -count=1 $(PKGS)

fmt-check:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

demo:
	$(GO) run ./cmd/casework list --status all

# Short fuzzing runs of the loaders and the date parser (longer: FUZZTIME=5m make fuzz).
FUZZTIME ?= 20s
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzDecode -fuzztime=$(FUZZTIME) ./pkg/casefile
	$(GO) test -run='^$$' -fuzz=FuzzReadForm -fuzztime=$(FUZZTIME) ./pkg/intake
	$(GO) test -run='^$$' -fuzz=FuzzParseRelative -fuzztime=$(FUZZTIME) ./pkg/dates

man:
	$(GO) run ./cmd/casework gen man man

clean:
	rm -rf bin man
