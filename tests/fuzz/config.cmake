rws_add_fuzzer(fuzz_config fuzz_config.c)
