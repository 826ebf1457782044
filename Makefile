# AsyncMaturity: two commands from a fresh clone.
#   make demo   sets up, builds and runs the assessment of the bundled sample data
#   make test   sets up, builds and runs every test (with Chromium, for the browser test of the HTML report)
#   make screenshot  renders reports/sample/assessment.html in headless Chromium to Documentation/assessment.png
SWIFT ?= swift
SYSTEM_PACKAGES := libcsv-dev libical-dev libsqlite3-dev
# What the tests need besides: the browser the HTML report is rendered in.
TEST_PACKAGES := chromium
MATURITY := .build/debug/maturity

.PHONY: demo test deps test-deps build bench sample screenshot clean

# Installs the missing packages of PACKAGES with apt (one `apt-get update`, sudo only when not root).
deps: PACKAGES = $(SYSTEM_PACKAGES)
test-deps: PACKAGES = $(SYSTEM_PACKAGES) $(TEST_PACKAGES)
deps test-deps:
	@missing=""; \
	for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
		$$sudo apt-get update && $$sudo apt-get install -y $$missing; \
	fi

build: deps
	$(SWIFT) build --product maturity

demo: build
	$(MATURITY) demo

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The README's picture of the HTML report (committed): the top of the demo's page at a laptop's width (light:
# headless Chromium has no dark system theme unless given --force-dark-mode).
screenshot: test-deps build
	$(MATURITY) demo >/dev/null
	chromium --headless --disable-gpu --no-sandbox --user-data-dir=.build/chromium-profile --hide-scrollbars \
		--window-size=1200,2400 --screenshot=Documentation/assessment.png \
		"file://$(CURDIR)/reports/sample/assessment.html"

# Regenerates datasets/sample with the generator (deterministic: the same bytes every time).
sample: build
	$(MATURITY) generate --seed 7 --people 40 --out datasets/sample

bench: deps
	$(MAKE) -C Benchmarks run

clean:
	rm -rf .build .demo
