// A cheap scan of YAML text for its deepest nesting, run before yaml-cpp
// parses it: yaml-cpp's parser recurses once per nesting level (it gives up
// only at 2000 levels), so a few kilobytes of "[[[[" must be turned away
// before they reach it.
//
// The scan follows flow brackets outside quoted scalars and comments, and
// block nesting by indentation (plus compact "- - -" entries on one line).
// It is conservative where YAML is ambiguous to a line scanner: text it
// cannot place counts as nesting rather than being skipped, so it may
// overestimate a pathological file but does not miss a deep one. The tree
// builder checks the real depth again while it builds.
#ifndef TRAILHUNT_LIB_SIGMA_YAML_NESTING_H_
#define TRAILHUNT_LIB_SIGMA_YAML_NESTING_H_

#include <string_view>

namespace trailhunt::sigma_internal {

struct NestingFault {
  bool found = false;
  int line = 0;    // 1-based, where the nesting first exceeds the cap
  int column = 0;  // 1-based
};

NestingFault FindNestingBeyond(std::string_view text, int max_depth);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_YAML_NESTING_H_
