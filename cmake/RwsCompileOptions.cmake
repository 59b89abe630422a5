# Warnings and sanitizers for every target of this project (not for consumers).
add_library(rws_compile_options INTERFACE)
target_compile_options(rws_compile_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes
  -Wpointer-arith -Wundef -Wvla)
if(RWS_WERROR)
  target_compile_options(rws_compile_options INTERFACE -Werror)
endif()
if(RWS_SANITIZE)
  target_compile_options(rws_compile_options INTERFACE
    -fsanitize=${RWS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(rws_compile_options INTERFACE -fsanitize=${RWS_SANITIZE})
endif()
