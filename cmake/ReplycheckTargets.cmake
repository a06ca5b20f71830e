# Helpers shared by every folder's CMakeLists.txt.

# Warnings for our own code (never for third-party headers, which come in as SYSTEM).
function(replycheck_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference
    -Wimplicit-fallthrough
    # With optimisation, g++ 12 reports these from inlined Asio and libstdc++ code (known false
    # positives); they say nothing about our code there.
    "$<$<NOT:$<CONFIG:Debug>>:-Wno-null-dereference;-Wno-restrict;-Wno-stringop-overflow>")
  if(REPLYCHECK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# REPLYCHECK_SANITIZE: "address" (AddressSanitizer + UndefinedBehaviorSanitizer) or "thread"
# (ThreadSanitizer); empty or OFF for none. ON is read as "address".
function(replycheck_sanitize target)
  if(REPLYCHECK_SANITIZE STREQUAL "address" OR REPLYCHECK_SANITIZE STREQUAL "ON")
    set(flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  elseif(REPLYCHECK_SANITIZE STREQUAL "thread")
    set(flags -fsanitize=thread -fno-omit-frame-pointer)
  else()
    return()
  endif()
  target_compile_options(${target} PRIVATE ${flags})
  target_link_options(${target} PRIVATE ${flags})
endfunction()

# replycheck_library(NAME DEPS dep...): a static library from every .cpp in the calling
# folder, with alias replycheck::NAME. Headers are included as "folder/file.hpp" from the
# repository root.
function(replycheck_library name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(sources)
    add_library(replycheck_${name} STATIC ${sources})
    set_target_properties(replycheck_${name} PROPERTIES UNITY_BUILD ${REPLYCHECK_UNITY_BUILD}
      UNITY_BUILD_BATCH_SIZE 16)
    target_include_directories(replycheck_${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(replycheck_${name} PUBLIC ${ARG_DEPS})
    replycheck_warnings(replycheck_${name})
    replycheck_sanitize(replycheck_${name})
  else()
    add_library(replycheck_${name} INTERFACE)
    target_include_directories(replycheck_${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(replycheck_${name} INTERFACE ${ARG_DEPS})
  endif()
  add_library(replycheck::${name} ALIAS replycheck_${name})
endfunction()
