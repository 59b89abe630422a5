# Finds MariaDB Connector/C through pkg-config (Debian: libmariadb-dev).
# Defines the imported target LibMariaDB::LibMariaDB.
include(FindPackageHandleStandardArgs)
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_LIBMARIADB QUIET IMPORTED_TARGET GLOBAL libmariadb)
endif()
set(LibMariaDB_VERSION "${PC_LIBMARIADB_VERSION}")
find_package_handle_standard_args(LibMariaDB
  REQUIRED_VARS PC_LIBMARIADB_FOUND
  VERSION_VAR LibMariaDB_VERSION
  REASON_FAILURE_MESSAGE "install MariaDB Connector/C: apt-get install libmariadb-dev pkg-config")
if(LibMariaDB_FOUND AND NOT TARGET LibMariaDB::LibMariaDB)
  add_library(LibMariaDB::LibMariaDB ALIAS PkgConfig::PC_LIBMARIADB)
endif()
