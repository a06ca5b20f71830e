# `cpack -G DEB` (ci/package): usr/bin/replycheck, its man page and bash/zsh/fish completions,
# with Depends computed by dpkg-shlibdeps from the libraries the binary links.
set(CPACK_PACKAGE_NAME replycheck)
set(CPACK_PACKAGE_VENDOR "replycheck")
set(CPACK_PACKAGE_CONTACT "replycheck developers <replycheck@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "protocol conformance test harness for HTTP and FTP")
set(CPACK_PACKAGE_DESCRIPTION
  "replycheck drives HTTP and FTP servers, real or its own mocks, through scripted exchanges, smoke
probes and requests replayed from server logs, and checks every reply against the documented
meaning of its code. It writes JUnit, JSON, HTML and TAP reports.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
