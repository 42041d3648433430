# Two commands for a fresh Debian machine with the Swift toolchain:
#   make example   runs speccheck on an example spec
#   make test      runs the tests (swift test), then the worked example's generated
#                  tests (examples/testgen/check.sh: pytest and a small Swift package)
# Both first install libz3-dev (Z3's C API, for prove and bmc) when it is missing.

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps example test

deps:
	@if [ ! -f /usr/include/z3.h ]; then \
	  echo "installing libz3-dev"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libz3-dev; \
	fi

example: deps
	swift run speccheck check examples/DieHard.spec

test: deps
	swift test
	examples/testgen/check.sh
