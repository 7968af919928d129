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

# Short fuzzing runs of the loaders and the date parsers (longer: FUZZTIME=5m make fuzz). What
# they find is in $(go env GOCACHE)/fuzz; the corpus committed under each package's
# testdata/fuzz/ is replayed by every go test (make fuzz-corpus copies new finds there).
FUZZTIME ?= 20s
FUZZ_TARGETS := FuzzDecode:./pkg/casefile FuzzLoad:./pkg/instrument FuzzScore:./pkg/instrument \
	FuzzReadForm:./pkg/intake FuzzParse:./pkg/dates FuzzParseRelative:./pkg/dates \
	FuzzSealedPeople:./pkg/repo
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t%%:*} ($(FUZZTIME))"; \
		$(GO) test -run='^$$' -fuzz="^$${t%%:*}\$$" -fuzztime=$(FUZZTIME) $${t#*:}; \
	done

.PHONY: fuzz-corpus
fuzz-corpus:
	@for t in $(FUZZ_TARGETS); do \
		name=$${t%%:*}; pkg=$${t#*:}; \
		src="$$($(GO) env GOCACHE)/fuzz/github.com/casework/casework/$${pkg#./}/$$name"; \
		[ -d "$$src" ] || continue; \
		mkdir -p "$$pkg/testdata/fuzz/$$name"; cp -n "$$src"/* "$$pkg/testdata/fuzz/$$name/"; \
		echo "$$name: $$(ls "$$pkg/testdata/fuzz/$$name" | wc -l) inputs in $$pkg/testdata/fuzz/$$name"; \
	done

man:
	$(GO) run ./cmd/casework gen man man

clean:
	rm -rf bin man

# Benchmarks, never part of `make test`: generated repositories of 100, 1,000 and 10,000 cases
# (BENCH_LARGE=1 adds 50,000); prints one table (casework beside its floors) and keeps it in
# bench/RESULTS.md. BENCH_REPS=N runs per measurement; BENCH_PROFILE=1 profiles review. See bench/README.md.
.PHONY: bench gen
bench:
	$(GO) run ./bench -o bench/RESULTS.md

# A synthetic repository: make gen GEN_N=1000 GEN_OUT=/tmp/cases [GEN_SEED=1] [GEN_FLAGS=-git]
GEN_N ?= 1000
GEN_SEED ?= 1
GEN_OUT ?= /tmp/casework-gen-$(GEN_N)
GEN_FLAGS ?= -git
gen:
	$(GO) run ./cmd/casework-gen -n $(GEN_N) -seed $(GEN_SEED) -out $(GEN_OUT) $(GEN_FLAGS)
