# Finds the Criterion test framework through pkg-config (Debian: libcriterion-dev).
# Defines the imported target Criterion::Criterion.
include(FindPackageHandleStandardArgs)
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_CRITERION QUIET IMPORTED_TARGET GLOBAL criterion)
endif()
set(Criterion_VERSION "${PC_CRITERION_VERSION}")
find_package_handle_standard_args(Criterion
  REQUIRED_VARS PC_CRITERION_FOUND
  VERSION_VAR Criterion_VERSION
  REASON_FAILURE_MESSAGE "install Criterion: apt-get install libcriterion-dev pkg-config")
if(Criterion_FOUND AND NOT TARGET Criterion::Criterion)
  add_library(Criterion::Criterion ALIAS PkgConfig::PC_CRITERION)
endif()
