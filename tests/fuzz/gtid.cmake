rws_add_fuzzer(gtid fuzz_gtid.c)
