# scripts/setup.d/50-adapters.sh, sourced by scripts/setup from the
# repository root: builds the adapters of adapters/ that are compiled
# outside CMake, into build/<preset>/adapters/<name>/ (where their
# manifests' {build} points; the ref adapter is built by CMake itself).
#
# Quiet and idempotent: an adapter is rebuilt only when its binary is older
# than one of its sources, and skipped without a word when its toolchain or
# library is missing (`sockcheck list` then shows it as unavailable). A
# failed build is reported with its log and does not stop the setup.

# Only the release preset runs the adapters (scripts/run --all, the adapter
# tests); the sanitizer and fuzz presets do not need them.
[[ "${preset:-release}" == release ]] || return 0

_adapters_out="build/${preset:-release}/adapters"

# _adapter_build NAME OUTPUT "SOURCES" COMMAND...: runs COMMAND when OUTPUT
# is missing or older than a source.
_adapter_build() {
  local name=$1 output=$2 sources=$3
  shift 3
  local stale=0 src
  [[ -x "$output" ]] || stale=1
  for src in $sources; do
    [[ "$src" -nt "$output" ]] && stale=1
  done
  ((stale)) || return 0
  mkdir -p "$(dirname "$output")"
  local log="$_adapters_out/$name.log"
  if "$@" >"$log" 2>&1; then
    echo "setup: built adapter $name"
  else
    echo "setup: adapter $name did not build; see $log" >&2
    rm -f "$output"
  fi
}

_have() { command -v "$1" >/dev/null 2>&1; }

_adapters_c_common="adapters/common/sockcheck_adapter.c adapters/common/sockcheck_adapter.h"

# C adapters over the shared protocol helper.
_adapter_c() {
  local name=$1 pkg=$2
  [[ -z "$pkg" ]] || pkg-config --exists "$pkg" 2>/dev/null || return 0
  # shellcheck disable=SC2046 # pkg-config's flags are words
  _adapter_build "$name" "$_adapters_out/$name/sockcheck-$name-adapter" \
    "adapters/$name/adapter.c $_adapters_c_common" \
    cc -O2 -Wall -Wextra -o "$_adapters_out/$name/sockcheck-$name-adapter" \
    "adapters/$name/adapter.c" adapters/common/sockcheck_adapter.c $( [[ -z "$pkg" ]] || pkg-config --cflags --libs "$pkg")
}

if _have cc; then
  _adapter_c glibc ""
  _adapter_c libuv libuv
  _adapter_c c-ares libcares
  _adapter_c libevent libevent_core
fi

# musl: the glibc adapter's source, built with musl-gcc (musl has no
# version API, so the Debian package's version is compiled in).
if _have musl-gcc; then
  _adapter_build musl "$_adapters_out/musl/sockcheck-musl-adapter" "adapters/glibc/adapter.c $_adapters_c_common" \
    musl-gcc -O2 -Wall -Wextra "-DSC_LIBC_VERSION=\"$(dpkg-query -W -f='${Version}' musl 2>/dev/null || echo unknown)\"" \
    -o "$_adapters_out/musl/sockcheck-musl-adapter" adapters/glibc/adapter.c adapters/common/sockcheck_adapter.c
fi

if _have c++ && [[ -f /usr/include/boost/asio.hpp && -f /usr/include/nlohmann/json.hpp ]]; then
  _adapter_build boost-asio "$_adapters_out/boost-asio/sockcheck-boost-asio-adapter" \
    "adapters/boost-asio/main.cc adapters/common/jsonl_loop.hpp" \
    c++ -std=c++17 -O2 -Wall -Wextra -I. -o "$_adapters_out/boost-asio/sockcheck-boost-asio-adapter" \
    adapters/boost-asio/main.cc -pthread
fi

# Go, without modules or network: one file, the standard library only.
if _have go; then
  _adapter_build go "$_adapters_out/go/sockcheck-go-adapter" "adapters/go/main.go" \
    env GO111MODULE=off GOFLAGS= GOCACHE="$PWD/$_adapters_out/go/.cache" \
    go build -o "$_adapters_out/go/sockcheck-go-adapter" adapters/go/main.go
fi

# Rust's standard library only, with plain rustc (no cargo, no crates).
if _have rustc && [[ -f adapters/rust/main.rs ]]; then
  _adapter_build rust "$_adapters_out/rust/sockcheck-rust-adapter" "adapters/rust/main.rs" \
    env SOCKCHECK_RUSTC_VERSION="$(rustc --version 2>/dev/null)" \
    rustc -O --edition 2021 -o "$_adapters_out/rust/sockcheck-rust-adapter" adapters/rust/main.rs
fi

unset -f _adapter_build _adapter_c _have
unset _adapters_out _adapters_c_common
