# AsyncMaturity: two commands from a fresh clone.
#   make demo   sets up, builds and runs the assessment of the bundled sample data
#   make test   sets up, builds and runs every test
SWIFT ?= swift
SYSTEM_PACKAGES := libcsv-dev libical-dev libsqlite3-dev
MATURITY := .build/debug/maturity

.PHONY: demo test deps build bench sample clean

deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
		$$sudo apt-get update && $$sudo apt-get install -y $$missing; \
	fi

build: deps
	$(SWIFT) build --product maturity

demo: build
	$(MATURITY) demo

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Regenerates datasets/sample with the generator (deterministic: the same bytes every time).
sample: build
	$(MATURITY) generate --seed 7 --people 40 --out datasets/sample

bench: deps
	$(MAKE) -C Benchmarks run

clean:
	rm -rf .build .demo
