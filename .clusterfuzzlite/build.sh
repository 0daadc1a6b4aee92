#!/bin/bash -eu
# .clusterfuzzlite/build.sh: builds every fuzz target for ClusterFuzzLite
# (and OSS-Fuzz, whose build contract this is).
#
# Inputs, from the base-builder image: $CC $CXX $CFLAGS $CXXFLAGS (with the
# sanitizer and -fsanitize=fuzzer-no-link flags), $LIB_FUZZING_ENGINE (the
# fuzzing engine to link, e.g. -fsanitize=fuzzer), $SRC (sources: this
# repository is $SRC/sockcheck), $OUT (where the fuzzers go), $WORK
# (scratch; a temporary folder when unset).
#
# It compiles the reference conversions (impl/inet/*.cc; twice, the second
# time without coverage for the targets' checks), the rest of the
# reference and the harness's readers (for the value-level and harness
# targets) and each fuzz target directly, without CMake: a CMake configure
# would need every other part's dependencies in the image.
# For each target fuzz/<t>.cc it places in $OUT:
#   <t>                     the fuzzer
#   <t>_seed_corpus.zip     corpus/<t>/, flat
#   <t>.options             max_len
#   <t>.dict                when fuzz/<t>.dict exists
# bare_* targets are throughput baselines that check nothing; they are not
# built. scripts/fuzz-build-clusterfuzzlite-test runs this script outside
# Docker and checks the result.

cd "$SRC/sockcheck"
WORK="${WORK:-$(mktemp -d)}"
objects="$WORK/sockcheck-inet"
mkdir -p "$objects" "$OUT"

std=-std=c++20
max_jobs=$(nproc 2>/dev/null || echo 2)

# Runs "$@" in the background, at most $max_jobs at a time; `wait_all` collects
# them and fails if any failed.
pids=()
spawn() {
  while (( $(jobs -rp | wc -l) >= max_jobs )); do wait -n; done
  "$@" &
  pids+=($!)
}
wait_all() {
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  pids=()
  return "$failed"
}

for source in impl/inet/*.cc; do
  spawn $CXX $CXXFLAGS $std -I. -c "$source" -o "$objects/$(basename "$source" .cc).o"
done
# The same sources once more without coverage, under their own namespace,
# for the checks that call a conversion other than the target's subject
# (fuzz/uninstrumented_inet.h; fuzz/CMakeLists.txt builds it the same way).
for source in impl/inet/*.cc fuzz/uninstrumented_inet.cc; do
  spawn $CXX $CXXFLAGS -fno-sanitize=fuzzer-no-link -Dsock=sockfuzz_uninstrumented $std -I. -Ifuzz \
    -c "$source" -o "$objects/uninstrumented_$(basename "$source" .cc).o"
done
wait_all

# The value-level and harness targets (sockaddr_roundtrip, timeout_model,
# timeout_socket, spec_loader, adapter_protocol) need more of the tree: the
# whole reference but its tests, the spec loader, the JSON value form and
# the adapter protocol's decoder. One archive of all of it, from which the linker takes
# only what a target calls; yaml-cpp statically (the runner image has none).
more="$WORK/sockcheck-more"
mkdir -p "$more"
more_sources=(impl/core/*.cc impl/addr/*.cc impl/timeout/*.cc impl/netdb/*.cc impl/socket/*.cc impl/ops/*.cc
              harness/spec/*.cc harness/protocol/*.cc harness/adapter/protocol.cc harness/targets/target.cc)
for source in "${more_sources[@]}"; do
  spawn $CXX $CXXFLAGS $std -I. -c "$source" -o "$more/$(echo "${source%.cc}" | tr / _).o"
done
wait_all
rm -f "$WORK/libsockcheck-more.a"
ar rcs "$WORK/libsockcheck-more.a" "$more"/*.o
yaml_cpp=
for candidate in /usr/lib/x86_64-linux-gnu/libyaml-cpp.a /usr/local/lib/libyaml-cpp.a /usr/lib/libyaml-cpp.a; do
  if [[ -f "$candidate" ]]; then yaml_cpp="$candidate"; break; fi
done

# libuv statically: the runner image that runs the fuzzers has no libuv.
libuv=
for candidate in /usr/lib/x86_64-linux-gnu/libuv_a.a /usr/lib/x86_64-linux-gnu/libuv.a /usr/lib/libuv.a; do
  if [[ -f "$candidate" ]]; then libuv="$candidate"; break; fi
done

targets=()
for source in fuzz/*.cc; do
  grep -q 'LLVMFuzzerTestOneInput(const std::uint8_t\* data, std::size_t size) {' "$source" || continue
  target=$(basename "$source" .cc)
  [[ "$target" == bare_* ]] && continue
  targets+=("$target")
done

for target in "${targets[@]}"; do
  extra=()
  case "$target" in
    diff_libuv_*)
      if [[ -z "$libuv" ]]; then echo "build.sh: no static libuv (libuv1-dev) for $target" >&2; exit 1; fi
      extra=("$libuv" -lpthread -ldl) ;;
    diff_asio_*) extra=(-lpthread) ;;
    sockaddr_roundtrip|timeout_model|timeout_socket|adapter_protocol) extra=("$WORK/libsockcheck-more.a" -lpthread) ;;
    spec_loader)
      if [[ -z "$yaml_cpp" ]]; then echo "build.sh: no static yaml-cpp (libyaml-cpp-dev) for $target" >&2; exit 1; fi
      extra=("$WORK/libsockcheck-more.a" "$yaml_cpp" -lpthread) ;;
  esac
  spawn $CXX $CXXFLAGS $std -I. -Ifuzz "fuzz/$target.cc" "$objects"/*.o "${extra[@]}" \
    $LIB_FUZZING_ENGINE -o "$OUT/$target"
done
wait_all

for target in "${targets[@]}"; do
  cp "fuzz/$target.options" "$OUT/"
  if [[ -f "fuzz/$target.dict" ]]; then cp "fuzz/$target.dict" "$OUT/"; fi
  rm -f "$OUT/${target}_seed_corpus.zip"
  (cd "corpus/$target" && zip -q -X "$OUT/${target}_seed_corpus.zip" -- *)
done
echo "build.sh: ${#targets[@]} fuzz targets in $OUT"
