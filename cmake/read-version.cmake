# Reads TRAILHUNT_VERSION_{MAJOR,MINOR,PATCH} from the version header so the
# CMake project version can never drift from the one compiled in.
function(trailhunt_read_version header out_var)
  file(STRINGS "${header}" lines REGEX "^#define TRAILHUNT_VERSION_(MAJOR|MINOR|PATCH) ")
  foreach(part MAJOR MINOR PATCH)
    string(REGEX MATCH "TRAILHUNT_VERSION_${part} ([0-9]+)" _ "${lines}")
    set(${part} "${CMAKE_MATCH_1}")
  endforeach()
  set(${out_var} "${MAJOR}.${MINOR}.${PATCH}" PARENT_SCOPE)
endfunction()
