# Finds libconfig through pkg-config (Debian: libconfig-dev).
# Defines the imported target LibConfig::LibConfig.
include(FindPackageHandleStandardArgs)
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_LIBCONFIG QUIET IMPORTED_TARGET GLOBAL libconfig)
endif()
set(LibConfig_VERSION "${PC_LIBCONFIG_VERSION}")
find_package_handle_standard_args(LibConfig
  REQUIRED_VARS PC_LIBCONFIG_FOUND
  VERSION_VAR LibConfig_VERSION
  REASON_FAILURE_MESSAGE "install libconfig: apt-get install libconfig-dev pkg-config")
if(LibConfig_FOUND AND NOT TARGET LibConfig::LibConfig)
  add_library(LibConfig::LibConfig ALIAS PkgConfig::PC_LIBCONFIG)
endif()
