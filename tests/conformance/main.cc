// Conformance suites over ../shared: real CloudTrail datasets and the
// envelope examples. Exits 77 (CTest: skipped) with a visible message when
// the material is absent, as it is in a user's clone.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>

int main(int argc, char** argv) {
  if (!std::filesystem::is_directory(TRAILHUNT_SHARED_DIR "/data")) {
    std::printf("SKIPPED: conformance material not found at %s (set TRAILHUNT_SHARED_DIR)\n",
                TRAILHUNT_SHARED_DIR);
    return 77;
  }
  doctest::Context context(argc, argv);
  return context.run();
}
