/* The version the library reports matches the header it was built with. */
#include <criterion/criterion.h>
#include <rwsplit.h>
#include <string.h>

Test(version, number_matches_header)
{
    cr_assert_eq(rws_version_num(), (unsigned)RWS_VERSION_NUM);
}

Test(version, string_matches_header)
{
    cr_assert_str_eq(rws_version(), RWS_VERSION_STRING);
}

Test(version, strerror_covers_every_code)
{
    for (int c = RWS_OK; c <= RWS_ERR_INTERNAL; c++)
        cr_assert_neq(strcmp(rws_strerror((rws_code)c), "unknown result code"), 0, "code %d", c);
    cr_assert_str_eq(rws_strerror((rws_code)999), "unknown result code");
}
