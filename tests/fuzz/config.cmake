rws_add_fuzzer(config fuzz_config.c)
