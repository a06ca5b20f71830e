# Writes replycheck's man page (gzip -9n, as Debian installs man pages) and its bash, zsh and
# fish completions into OUT, from `REPLYCHECK help --format …`.
#   cmake -DREPLYCHECK=path/to/replycheck -DOUT=dir -P GenerateReference.cmake
file(MAKE_DIRECTORY ${OUT})
foreach(pair "man;replycheck.1" "bash;replycheck.bash" "zsh;_replycheck" "fish;replycheck.fish")
  list(GET pair 0 format)
  list(GET pair 1 name)
  execute_process(COMMAND ${REPLYCHECK} help --format ${format} OUTPUT_FILE ${OUT}/${name}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "replycheck help --format ${format} failed (${rc})")
  endif()
endforeach()
execute_process(COMMAND gzip -9nf ${OUT}/replycheck.1 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip of the man page failed (${rc})")
endif()
