# Embeds files as byte arrays in a generated C++ source, so the CLI carries
# its sample data and later the built-in rule packs.
#
# trailhunt_embed(OUTPUT <file.cc> NAMESPACE <ns> FILES <f>...)
# generates: namespace <ns> { struct EmbeddedFile { const char* name;
#   const unsigned char* data; unsigned long size; };
#   extern const EmbeddedFile kFiles[]; extern const unsigned long kFileCount; }
function(trailhunt_embed)
  cmake_parse_arguments(E "" "OUTPUT;NAMESPACE" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT "${E_OUTPUT}"
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${E_OUTPUT} -DNAMESPACE=${E_NAMESPACE}
            "-DFILES=${E_FILES}" -P "${PROJECT_SOURCE_DIR}/cmake/embed-run.cmake"
    DEPENDS ${E_FILES} "${PROJECT_SOURCE_DIR}/cmake/embed-run.cmake"
    COMMENT "Embedding ${E_NAMESPACE} data"
    VERBATIM)
endfunction()
