# Warnings for our own targets only; dependencies' headers are SYSTEM.
function(trailhunt_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
                         $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
                         $<$<CXX_COMPILER_ID:Clang>:-Wshadow-uncaptured-local>
                         -Wnon-virtual-dtor -Wno-missing-field-initializers)
  if(TRAILHUNT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
