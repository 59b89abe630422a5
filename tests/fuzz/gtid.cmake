rws_add_fuzzer(fuzz_gtid fuzz_gtid.c)
