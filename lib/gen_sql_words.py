#!/usr/bin/env python3
"""Generate lib/sql_words.h, lib/sql_keywords.c and lib/sql_functions.c: the SQL keyword and built-in function tables of
the classifier.

Function lookup is a switch on the word's length, then on its first letter, then an unrolled
case-insensitive comparison. Keyword lookup (once per identifier in the lexer, so the hotter one)
is a perfect hash: the word is read as one to three 64-bit words (see kw_words()), the first one
case-folded and multiplied picks a slot through a displacement table, and the keyword in that
slot is compared with one masked compare per word: no switch, no loop, no strlen. Run it again
after editing the lists below:

    python3 lib/gen_sql_words.py && clang-format -i lib/sql_words.h lib/sql_keywords.c lib/sql_functions.c

The output is checked in so that building the library needs no Python.
"""
import os
import sys

# Keywords the classifier looks at. Flags:
#   R  reserved: never a table name when unquoted (`FROM dual`, `FROM where` ...)
#   E  ends a comma-separated table list at the same parenthesis depth (WHERE, SET, ...)
#   P  table prefix: a table name is still expected after it (IGNORE, IF NOT EXISTS, ...)
#   N  structural: followed by '(' it is syntax, not a function call (IN (...), AS (...))
KEYWORDS = """
ACCOUNT
AGAINST N
AGGREGATE
ALGORITHM
ALL RN
ALTER R
ANALYZE R
AND RN
ANY N
ARRAY N
AS RN
ATOMIC
AUTOCOMMIT
BACKUP
BEGIN
BETWEEN RN
BINARY R
BINLOG
BY RN
CACHE
CALL R
CASCADE R
CASE RN
CHAIN
CHANGE R
CHARACTER R
CHARSET
CHECK R
CHECKSUM
CLONE
CLOSE
COLLATE RN
COLUMN
COLUMNS N
COMMIT
CONCURRENT P
CONNECTION
CONSISTENT
COUNT
CREATE R
CROSS R
CURRENT
CURRVAL
CYCLE N
DATA
DATABASE R
DEALLOCATE
DECLARE R
DEFAULT R
DEFINER
DELAYED RP
DELETE RN
DESC R
DESCRIBE R
DIAGNOSTICS
DISTINCT RN
DISTINCTROW RN
DIV RN
DO
DROP R
DUAL R
DUMPFILE
DUPLICATE
ELSE RN
ELSEIF R
END
ENGINE
ERRORS
ESCAPE N
EVENT
EVENTS
EXCEPT REN
EXECUTE
EXISTS RNP
EXPLAIN R
EXPORT
EXTENDED
FALSE R
FETCH R
FIELDS
FLUSH
FOR REN
FORCE RN
FORMAT
FROM RN
FULL
FULLTEXT R
FUNCTION
GET R
GLOBAL
GRANT R
GROUP REN
GROUP_REPLICATION
HANDLER
HAVING REN
HELP
HIGH_PRIORITY RP
IDENTIFIED
IF RP
IGNORE RNP
IMMEDIATE
IMPORT
IN RN
INDEX RN
INDEXES
INFILE R
INNER R
INSERT R
INSTALL
INSTANCE
INTERSECT REN
INTO REN
IS RN
ISOLATION
ITERATE R
JOIN RN
KEY RN
KEYS RN
KILL R
LATERAL RNP
LEAVE R
LEFT R
LEVEL
LIKE RN
LIMIT REN
LOAD R
LOCAL P
LOCK REN
LOCKED
LOG
LOGS
LOOP R
LOW_PRIORITY RP
MASTER
MEMBER N
MODE
NAMES
NATURAL RN
NESTED N
NEXT
NEXTVAL
NO
NOT RNP
NOWAIT
NO_WRITE_TO_BINLOG RP
NULL RN
OF RN
OFF
OFFLINE
OFFSET EN
ON RN
ONLINE
ONLY P
OPEN
OPTIMIZE R
OR RN
ORDER REN
ORDINALITY N
OUTER R
OUTFILE R
OVER RN
PACKAGE
PARTITION RN
PARTITIONS
PASSWORD
PATH N
PERSIST
PERSIST_ONLY
PREPARE
PREVIOUS
PROCEDURE RE
PROCESSLIST
PROFILE
PROFILES
PURGE R
QUICK P
RANGE RN
READ R
RECURSIVE RN
REGEXP RN
RELEASE R
RENAME R
REPAIR
REPEAT R
REPLACE R
REPLICA
RESET
RESIGNAL R
RESTART
RESTRICT RN
RETURN R
RETURNING REN
REVOKE R
RIGHT R
RLIKE RN
ROLE
ROLLBACK
ROLLUP
ROWS RN
SAVEPOINT
SCHEMA R
SECURITY
SELECT REN
SEPARATOR RN
SEQUENCE
SERVER
SESSION
SET REN
SHARE
SHOW R
SHUTDOWN
SIGNAL R
SKIP
SLAVE
SLAVES
SNAPSHOT
SOME N
SPATIAL R
SQL R
SQL_CALC_FOUND_ROWS R
START
STATEMENT
STATUS
STOP
STORAGE
STRAIGHT_JOIN RN
TABLE RNP
TABLES P
TABLESPACE
TEMPORARY
THEN RN
TO R
TRANSACTION
TRIGGER R
TRUE R
TRUNCATE
UNINSTALL
UNION REN
UNIQUE R
UNLOCK R
UPDATE RN
USE RN
USER
USING RN
VALUE EN
VALUES REN
VIEW
WAIT
WARNINGS
WHEN RN
WHERE REN
WHILE R
WINDOW REN
WITH RN
WORK
WRITE R
XA
XML
XOR RN
"""

# Built-in functions, by what calling them means for routing. A name followed by '(' that is not
# listed here and is not a structural keyword is taken for a stored function (it may write).
FUNCTIONS = {
    "LAST_INSERT_ID": "LAST_INSERT_ID",
    "ROW_COUNT": "SESSION", "FOUND_ROWS": "SESSION", "CONNECTION_ID": "SESSION",
    "PS_CURRENT_THREAD_ID": "SESSION", "WSREP_LAST_SEEN_GTID": "SESSION",
    "WSREP_LAST_WRITTEN_GTID": "SESSION",
    "GET_LOCK": "GET_LOCK",
    "RELEASE_LOCK": "RELEASE_LOCK", "RELEASE_ALL_LOCKS": "RELEASE_LOCK",
    "IS_FREE_LOCK": "LOCK_QUERY", "IS_USED_LOCK": "LOCK_QUERY",
    "NEXTVAL": "SEQUENCE", "LASTVAL": "SEQUENCE", "SETVAL": "SEQUENCE",
    "RAND": "VOLATILE", "UUID": "VOLATILE", "UUID_SHORT": "VOLATILE", "SYS_GUID": "VOLATILE",
    "RANDOM_BYTES": "VOLATILE", "UUID_V4": "VOLATILE", "UUID_V7": "VOLATILE",
    "JSON_TABLE": "TABLE_FUNCTION",
}

READ_FUNCTIONS = """
ABS ACOS ADDDATE ADDTIME ADD_MONTHS AES_DECRYPT AES_ENCRYPT ANY_VALUE AREA ASBINARY ASCII ASIN
ASTEXT ASWKB ASWKT ATAN ATAN2 AVG BENCHMARK BIGINT BIN BINARY BINLOG_GTID_POS BIN_TO_UUID BIT
BIT_AND BIT_COUNT BIT_LENGTH BIT_OR BIT_XOR BLOB BOUNDARY BUFFER CAST CEIL CEILING CENTROID CHAR
CHARACTER_LENGTH CHARSET CHAR_LENGTH CHR COALESCE COERCIBILITY COLLATION COLUMN_ADD COLUMN_CHECK
COLUMN_CREATE COLUMN_DELETE COLUMN_EXISTS COLUMN_GET COLUMN_JSON COLUMN_LIST COMPRESS CONCAT
CONCAT_OPERATOR_ORACLE CONCAT_WS CONTAINS CONV CONVERT CONVERT_TZ CONVEXHULL COS COT COUNT CRC32
CRC32C CROSSES CUME_DIST CURDATE CURRENT_DATE CURRENT_ROLE CURRENT_TIME CURRENT_TIMESTAMP
CURRENT_USER CURTIME DATABASE DATE DATEDIFF DATETIME DATE_ADD DATE_FORMAT DATE_SUB DAY DAYNAME
DAYOFMONTH DAYOFWEEK DAYOFYEAR DEC DECIMAL DECODE DECODE_HISTOGRAM DECODE_ORACLE DEFAULT DEGREES
DENSE_RANK DES_DECRYPT DES_ENCRYPT DIMENSION DISJOINT DOUBLE ELT ENCODE ENCRYPT ENDPOINT ENUM
ENVELOPE EQUALS EXP EXPORT_SET EXTERIORRING EXTRACT EXTRACTVALUE FIELD FIND_IN_SET FIRST_VALUE
FLOAT FLOOR FORMAT FORMAT_BYTES FORMAT_PICO_TIME FROM_BASE64 FROM_DAYS FROM_UNIXTIME
GEOMCOLLECTION GEOMCOLLFROMTEXT GEOMCOLLFROMWKB GEOMETRY GEOMETRYCOLLECTION
GEOMETRYCOLLECTIONFROMTEXT GEOMETRYCOLLECTIONFROMWKB GEOMETRYFROMTEXT GEOMETRYFROMWKB GEOMETRYN
GEOMETRYTYPE GEOMFROMTEXT GEOMFROMWKB GET_FORMAT GLENGTH GREATEST GROUPING GROUP_CONCAT
GTID_SUBSET GTID_SUBTRACT HEX HOUR ICU_VERSION IF IFNULL INET4 INET6 INET6_ATON INET6_NTOA
INET_ATON INET_NTOA INSERT INSTR INT INTEGER INTERIORRINGN INTERSECTS INTERVAL ISCLOSED ISEMPTY
ISNULL ISRING ISSIMPLE IS_IPV4 IS_IPV4_COMPAT IS_IPV4_MAPPED IS_IPV6 IS_UUID JSON JSON_ARRAY
JSON_ARRAYAGG JSON_ARRAY_APPEND JSON_ARRAY_INSERT JSON_ARRAY_INTERSECT JSON_COMPACT JSON_CONTAINS
JSON_CONTAINS_PATH JSON_DEPTH JSON_DETAILED JSON_EQUALS JSON_EXISTS JSON_EXTRACT JSON_INSERT
JSON_KEYS JSON_KEY_VALUE JSON_LENGTH JSON_LOOSE JSON_MERGE JSON_MERGE_PATCH JSON_MERGE_PRESERVE
JSON_NORMALIZE JSON_OBJECT JSON_OBJECTAGG JSON_OBJECT_FILTER_KEYS JSON_OBJECT_TO_ARRAY
JSON_OVERLAPS JSON_PRETTY JSON_QUERY JSON_QUOTE JSON_REMOVE JSON_REPLACE JSON_SCHEMA_VALID
JSON_SCHEMA_VALIDATION_REPORT JSON_SEARCH JSON_SET JSON_STORAGE_FREE JSON_STORAGE_SIZE JSON_TYPE
JSON_UNQUOTE JSON_VALID JSON_VALUE KDF LAG LAST_DAY LAST_VALUE LCASE LEAD LEAST LEFT LENGTH
LENGTHB LENGTH_ORACLE LINEFROMTEXT LINEFROMWKB LINESTRING LINESTRINGFROMTEXT LINESTRINGFROMWKB LN
LOAD_FILE LOCALTIME LOCALTIMESTAMP LOCATE LOG LOG10 LOG2 LOWER LPAD LPAD_ORACLE LTRIM LTRIM_ORACLE
MAKEDATE MAKETIME MAKE_SET MASTER_GTID_WAIT MASTER_POS_WAIT MATCH MAX MBRCONTAINS MBRCOVEREDBY
MBRCOVERS MBRDISJOINT MBREQUAL MBREQUALS MBRINTERSECTS MBROVERLAPS MBRTOUCHES MBRWITHIN MD5 MEDIAN
MEDIUMINT MICROSECOND MID MIN MINUTE MLINEFROMTEXT MLINEFROMWKB MOD MONTH MONTHNAME MPOINTFROMTEXT
MPOINTFROMWKB MPOLYFROMTEXT MPOLYFROMWKB MULTILINESTRING MULTILINESTRINGFROMTEXT
MULTILINESTRINGFROMWKB MULTIPOINT MULTIPOINTFROMTEXT MULTIPOINTFROMWKB MULTIPOLYGON
MULTIPOLYGONFROMTEXT MULTIPOLYGONFROMWKB NAME_CONST NATURAL_SORT_KEY NCHAR NOW NTH_VALUE NTILE
NULLIF NUMERIC NUMGEOMETRIES NUMINTERIORRINGS NUMPOINTS NVARCHAR NVL NVL2 OCT OCTET_LENGTH
OLD_PASSWORD ORD OVERLAPS PASSWORD PERCENTILE_CONT PERCENTILE_DISC PERCENT_RANK PERIOD_ADD
PERIOD_DIFF PI POINT POINTFROMTEXT POINTFROMWKB POINTN POLYFROMTEXT POLYFROMWKB POLYGON
POLYGONFROMTEXT POLYGONFROMWKB POSITION POW POWER PS_THREAD_ID QUARTER QUOTE RADIANS RANK REAL
REGEXP_INSTR REGEXP_LIKE REGEXP_REPLACE REGEXP_SUBSTR REPEAT REPLACE REPLACE_ORACLE REVERSE RIGHT
ROLES_GRAPHML ROUND ROW ROW_NUMBER RPAD RPAD_ORACLE RTRIM RTRIM_ORACLE SCHEMA SECOND SEC_TO_TIME
SESSION_USER SFORMAT SHA SHA1 SHA2 SIGN SIGNED SIN SLEEP SMALLINT SOUNDEX SOURCE_POS_WAIT SPACE
SQRT SRID STARTPOINT STATEMENT_DIGEST STATEMENT_DIGEST_TEXT STD STDDEV STDDEV_POP STDDEV_SAMP
STRCMP STR_TO_DATE ST_AREA ST_ASBINARY ST_ASGEOJSON ST_ASTEXT ST_ASWKB ST_ASWKT ST_BOUNDARY
ST_BUFFER ST_BUFFER_STRATEGY ST_CENTROID ST_COLLECT ST_CONTAINS ST_CONVEXHULL ST_CROSSES
ST_DIFFERENCE ST_DIMENSION ST_DISJOINT ST_DISTANCE ST_DISTANCE_SPHERE ST_ENDPOINT ST_ENVELOPE
ST_EQUALS ST_EXTERIORRING ST_FRECHETDISTANCE ST_GEOHASH ST_GEOMCOLLFROMTEXT ST_GEOMCOLLFROMTXT
ST_GEOMCOLLFROMWKB ST_GEOMETRYCOLLECTIONFROMTEXT ST_GEOMETRYCOLLECTIONFROMWKB ST_GEOMETRYFROMTEXT
ST_GEOMETRYFROMWKB ST_GEOMETRYN ST_GEOMETRYTYPE ST_GEOMFROMGEOJSON ST_GEOMFROMTEXT ST_GEOMFROMWKB
ST_HAUSDORFFDISTANCE ST_INTERIORRINGN ST_INTERSECTION ST_INTERSECTS ST_ISCLOSED ST_ISEMPTY
ST_ISRING ST_ISSIMPLE ST_ISVALID ST_LATFROMGEOHASH ST_LATITUDE ST_LENGTH ST_LINEFROMTEXT
ST_LINEFROMWKB ST_LINEINTERPOLATEPOINT ST_LINEINTERPOLATEPOINTS ST_LINESTRINGFROMTEXT
ST_LINESTRINGFROMWKB ST_LONGFROMGEOHASH ST_LONGITUDE ST_MAKEENVELOPE ST_MLINEFROMTEXT
ST_MLINEFROMWKB ST_MPOINTFROMTEXT ST_MPOINTFROMWKB ST_MPOLYFROMTEXT ST_MPOLYFROMWKB
ST_MULTILINESTRINGFROMTEXT ST_MULTILINESTRINGFROMWKB ST_MULTIPOINTFROMTEXT ST_MULTIPOINTFROMWKB
ST_MULTIPOLYGONFROMTEXT ST_MULTIPOLYGONFROMWKB ST_NUMGEOMETRIES ST_NUMINTERIORRING
ST_NUMINTERIORRINGS ST_NUMPOINTS ST_OVERLAPS ST_POINTATDISTANCE ST_POINTFROMGEOHASH
ST_POINTFROMTEXT ST_POINTFROMWKB ST_POINTN ST_POLYFROMTEXT ST_POLYFROMWKB ST_POLYGONFROMTEXT
ST_POLYGONFROMWKB ST_RELATE ST_SIMPLIFY ST_SRID ST_STARTPOINT ST_SWAPXY ST_SYMDIFFERENCE
ST_TOUCHES ST_TRANSFORM ST_UNION ST_VALIDATE ST_WITHIN ST_X ST_Y SUBDATE SUBSTR SUBSTRING
SUBSTRING_INDEX SUBSTR_ORACLE SUBTIME SUM SYSDATE SYSTEM_USER TAN TEXT TIME TIMEDIFF TIMESTAMP
TIMESTAMPADD TIMESTAMPDIFF TIME_FORMAT TIME_TO_SEC TINYINT TOUCHES TO_BASE64 TO_CHAR TO_DAYS
TO_SECONDS TRIM TRIM_ORACLE TRUNC TRUNCATE UCASE UNCOMPRESS UNCOMPRESSED_LENGTH UNHEX
UNIX_TIMESTAMP UNSIGNED UPDATEXML UPPER USER UTC_DATE UTC_TIME UTC_TIMESTAMP UUID_TO_BIN
VALIDATE_PASSWORD_STRENGTH VARBINARY VARCHAR VARIANCE VAR_POP VAR_SAMP VERSION
WAIT_FOR_EXECUTED_GTID_SET WAIT_UNTIL_SQL_THREAD_AFTER_GTIDS WEEK WEEKDAY WEEKOFYEAR
WEIGHT_STRING WITHIN WSREP_SYNC_WAIT_UPTO_GTID X Y YEAR YEARWEEK
"""

FN_CATEGORIES = ["NONE", "READ", "LAST_INSERT_ID", "SESSION", "GET_LOCK", "RELEASE_LOCK",
                 "LOCK_QUERY", "SEQUENCE", "VOLATILE", "TABLE_FUNCTION"]
FLAG_BITS = {"R": "RWS_KWF_RESERVED", "E": "RWS_KWF_ENDLIST", "P": "RWS_KWF_TBLPREFIX",
             "N": "RWS_KWF_NOTFUNC"}


def parse_keywords():
    words = []
    for line in KEYWORDS.strip().splitlines():
        parts = line.split()
        word, flags = parts[0], (parts[1] if len(parts) > 1 else "")
        assert word.isupper() or "_" in word, word
        assert all(f in FLAG_BITS for f in flags), line
        words.append((word, flags))
    names = [w for w, _ in words]
    assert len(names) == len(set(names)), "duplicate keyword"
    return sorted(words)


def parse_functions():
    fns = dict(FUNCTIONS)
    for w in READ_FUNCTIONS.split():
        assert w not in fns, "duplicate function " + w
        fns[w] = "READ"
    return dict(sorted(fns.items()))


def char_test(i, ch):
    if ch.isalpha():
        return "(s[%d] & 0xDF) == '%s'" % (i, ch)
    return "s[%d] == '%s'" % (i, ch)


def emit_lookup(out, fname, rettype, entries, none, static=""):
    """entries: list of (word, value-expression). One line per word, clang-format off."""
    out.append("%s%s %s(const char *s, size_t n)\n{\n    // clang-format off\n" % (static, rettype, fname))
    by_len = {}
    for w, v in entries:
        by_len.setdefault(len(w), []).append((w, v))
    out.append("    switch (n) {\n")
    for n in sorted(by_len):
        out.append("    case %d:\n        switch (s[0] & 0xDF) {\n" % n)
        by_first = {}
        for w, v in by_len[n]:
            by_first.setdefault(w[0], []).append((w, v))
        for first in sorted(by_first):
            out.append("        case '%s':\n" % first)
            for w, v in by_first[first]:
                tests = [char_test(i, c) for i, c in enumerate(w) if i > 0]
                if tests:
                    out.append("            if (%s) return %s;\n" % (" && ".join(tests), v))
                else:
                    out.append("            return %s;\n" % v)
            if tests:
                out.append("            return %s;\n" % none)
        out.append("        default: return %s;\n        }\n" % none)
    out.append("    default: return %s;\n    }\n    // clang-format on\n}\n" % none)


# ---- keyword perfect hash ------------------------------------------------------------------------
# Must match rws__kw_words() in the generated sql_keywords.inc (little-endian word values).
KW_FOLD = 0xDFDFDFDFDFDFDFDF
KW_SLOT_BITS = 9   # 512 slots
KW_DISP_BITS = 8   # 256 displacement entries
MASK64 = (1 << 64) - 1


def le(b):
    return int.from_bytes(bytes(b), "little")


def kw_words(b):
    """The words the lookup compares for the byte string b (2 <= len(b) <= 24)."""
    n = len(b)
    if n <= 8:
        return [le(b[0:n])]
    if n <= 16:
        return [le(b[0:8]), le(b[n - 8:n])]
    return [le(b[0:8]), le(b[8:16]), le(b[n - 8:n])]


def kw_masks(w):
    """Per word: 0xDF for the bytes that are letters (any case matches), 0xFF for the others."""
    b = [0xDF if c.isalpha() else 0xFF for c in w]
    return kw_words(b)


def kw_hash(w0, n, mult):
    h = (((w0 & KW_FOLD) + n) * mult) & MASK64
    return h >> (64 - KW_DISP_BITS), (h >> 32) & ((1 << KW_SLOT_BITS) - 1)


def build_kw_hash(kws):
    """Returns (multiplier, disp[], slot[]): slot[(a + disp[b]) % size] is the keyword's id."""
    size = 1 << KW_SLOT_BITS
    words = []
    for i, (w, _) in enumerate(kws):
        words.append((i + 1, len(w), kw_words(w.encode())[0]))
    mult = 0x9E3779B97F4A7C15
    for attempt in range(10000):
        buckets = {}
        for kid, n, w0 in words:
            b, a = kw_hash(w0, n, mult)
            buckets.setdefault(b, []).append((a, kid))
        slot = [0] * size
        disp = [0] * (1 << KW_DISP_BITS)
        ok = True
        for b in sorted(buckets, key=lambda x: -len(buckets[x])):
            items = buckets[b]
            if len(set(a for a, _ in items)) != len(items):
                ok = False
                break
            for d in range(size):
                if all(slot[(a + d) % size] == 0 for a, _ in items):
                    for a, kid in items:
                        slot[(a + d) % size] = kid
                    disp[b] = d
                    break
            else:
                ok = False
                break
        if ok:
            return mult, disp, slot
        mult = (mult * 6364136223846793005 + 1442695040888963407) & MASK64 | 1
    raise SystemExit("no perfect hash found")


def emit_kw_tables(k, kws, mult, disp, slot):
    k.append("const uint16_t rws__kw_disp[%d] = {\n    // clang-format off\n" % len(disp))
    for i in range(0, len(disp), 16):
        k.append("    " + " ".join("%d," % d for d in disp[i:i + 16]) + "\n")
    k.append("    // clang-format on\n};\n\n")
    k.append("const uint16_t rws__kw_slot[%d] = {\n    // clang-format off\n" % len(slot))
    for i in range(0, len(slot), 16):
        k.append("    " + " ".join("%d," % d for d in slot[i:i + 16]) + "\n")
    k.append("    // clang-format on\n};\n\n")
    k.append("const rws_kw_entry rws__kw_entries[RWS_KW__COUNT] = {\n    // clang-format off\n")
    k.append("    {{0, 0, 0}, {0, 0, 0}, 0}, /* none: length 0 matches no word */\n")
    for w, _ in kws:
        v = kw_words(w.encode())
        m = kw_masks(w)
        v = [x & y for x, y in zip(v, m)] + [0] * (3 - len(v))
        m = m + [0] * (3 - len(m))
        k.append("    {{%s}, {%s}, %d}, /* %s */\n" % (", ".join("0x%016xu" % x for x in v),
                                                 ", ".join("0x%016xu" % x for x in m), len(w), w))
    k.append("    // clang-format on\n};\n\n")


LOOKUP_INC = r"""
#include <string.h>

/* Little-endian loads: the generated word values assume that byte order. */
static inline uint64_t rws__kw_le64(const char *s)
{
    uint64_t v;
    memcpy(&v, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline uint64_t rws__kw_le32(const char *s)
{
    uint32_t v;
    memcpy(&v, s, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

/* s[0..n), n <= 8, as a little-endian word padded with zero bytes; limit is one past the last
 * byte that may be read (at least s + n). */
static inline uint64_t rws__kw_short_word(const char *s, size_t n, const char *limit)
{
    uint64_t w;
    if (limit - s >= 8) { /* the usual case: one load, the bytes after the word masked off */
        w = rws__kw_le64(s) & (~(uint64_t)0 >> (64 - 8 * n));
    } else {
        unsigned char b[8] = {0};
        memcpy(b, s, n);
        w = rws__kw_le64((const char *)b);
    }
    return w;
}

/* The keyword id of s[0..n) (any case), or RWS_KW_NONE; limit as for rws__kw_short_word(). Every
 * load stays before limit: a word of up to 8 bytes is one (zero-padded) 8-byte word, a longer
 * one 8-byte words, the last one overlapping the one before. The first word, case-folded, picks
 * the only keyword it can be (perfect hash); one masked compare per word checks it. */
static inline uint16_t rws__kw_lookup_lim(const char *s, size_t n, const char *limit)
{
    if (n - RWS_KW_MINLEN > RWS_KW_MAXLEN - RWS_KW_MINLEN)
        return RWS_KW_NONE;
    uint64_t w0 = n <= 8 ? rws__kw_short_word(s, n, limit) : rws__kw_le64(s);
    uint64_t h = ((w0 & RWS_KW_FOLD) + n) * RWS_KW_MULT;
    unsigned slot = ((unsigned)(h >> 32) + rws__kw_disp[h >> (64 - RWS_KW_DISP_BITS)]) &
                    (RWS_KW_SLOTS - 1);
    uint16_t id = rws__kw_slot[slot];
    const rws_kw_entry *e = &rws__kw_entries[id];
    if (e->len != n || (w0 & e->mask[0]) != e->val[0])
        return RWS_KW_NONE;
    if (n > 8) {
        if (n <= 16) {
            if ((rws__kw_le64(s + n - 8) & e->mask[1]) != e->val[1])
                return RWS_KW_NONE;
        } else if ((rws__kw_le64(s + 8) & e->mask[1]) != e->val[1] ||
                   (rws__kw_le64(s + n - 8) & e->mask[2]) != e->val[2]) {
            return RWS_KW_NONE;
        }
    }
    return id;
}

static inline uint16_t rws__kw_lookup_inline(const char *s, size_t n)
{
    return rws__kw_lookup_lim(s, n, s + n);
}
"""


GEN = "/* Generated by lib/gen_sql_words.py: do not edit; edit the script and run it. */\n"


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    kws = parse_keywords()
    mult, disp, slot = build_kw_hash(kws)
    fns = parse_functions()
    for w in list(fns):
        assert all(c.isalnum() or c == "_" for c in w), w
        assert w[0].isalpha(), w

    h = [GEN]
    h.append("#ifndef RWS_SQL_WORDS_H\n#define RWS_SQL_WORDS_H\n\n#include <stddef.h>\n"
             "#include <stdint.h>\n\n")
    h.append("/* Keyword ids (RWS_KW_NONE for an identifier that is not a keyword). */\n")
    h.append("enum rws_kw {\n    RWS_KW_NONE = 0,\n")
    for w, _ in kws:
        h.append("    RWS_KW_%s,\n" % w)
    h.append("    RWS_KW__COUNT\n};\n\n")
    h.append("/* Keyword flags (rws__kw_flags[id]). */\n")
    h.append("#define RWS_KWF_RESERVED 0x01u  /* never an unquoted table name */\n")
    h.append("#define RWS_KWF_ENDLIST 0x02u   /* ends a comma-separated table list */\n")
    h.append("#define RWS_KWF_TBLPREFIX 0x04u /* a table name may still follow */\n")
    h.append("#define RWS_KWF_NOTFUNC 0x08u   /* followed by '(' it is syntax, not a call */\n\n")
    h.append("/* What calling a built-in function means for routing. */\n")
    h.append("enum rws_fn {\n")
    for i, c in enumerate(FN_CATEGORIES):
        h.append("    RWS_FN_%s%s,\n" % (c, " = 0" if i == 0 else ""))
    h.append("};\n\n")
    h.append("extern const uint8_t rws__kw_flags[RWS_KW__COUNT];\n\n")
    lens = [len(w) for w, _ in kws]
    assert min(lens) >= 2 and max(lens) <= 24
    h.append("/* The keyword perfect hash (sql_keywords.c; used by sql_keywords.inc). */\n")
    h.append("#define RWS_KW_MINLEN %d\n#define RWS_KW_MAXLEN %d\n" % (min(lens), max(lens)))
    h.append("#define RWS_KW_FOLD 0x%016xu\n#define RWS_KW_MULT 0x%016xu\n" % (KW_FOLD, mult))
    h.append("#define RWS_KW_SLOTS %d\n#define RWS_KW_DISP_BITS %d\n" % (1 << KW_SLOT_BITS, KW_DISP_BITS))
    h.append("typedef struct rws_kw_entry {\n    _Alignas(64) uint64_t val[3];  /* the words of the keyword, masked */\n"
             "    uint64_t mask[3]; /* 0xDF for a letter byte, 0xFF for another, 0 past the last word */\n"
             "    uint8_t len;\n} rws_kw_entry;\n")
    h.append("extern const uint16_t rws__kw_disp[1 << RWS_KW_DISP_BITS];\n")
    h.append("extern const uint16_t rws__kw_slot[RWS_KW_SLOTS];\n")
    h.append("extern const rws_kw_entry rws__kw_entries[RWS_KW__COUNT];\n\n")
    h.append("/* The keyword id of the word s[0..n) (any case), or RWS_KW_NONE. */\n")
    h.append("uint16_t rws__kw_lookup(const char *s, size_t n);\n")
    h.append("/* The same, inlined where every identifier is looked up (the lexer). */\n")
    h.append('#include "sql_keywords.inc"\n')
    h.append("/* The category of the built-in function named s[0..n) (any case), or RWS_FN_NONE. */\n")
    h.append("uint8_t rws__fn_lookup(const char *s, size_t n);\n\n")
    h.append("#endif\n")

    k = [GEN, '#include "sql_words.h"\n\n']
    k.append("const uint8_t rws__kw_flags[RWS_KW__COUNT] = {\n    // clang-format off\n    0,\n")
    for w, f in kws:
        bits = " | ".join(FLAG_BITS[x] for x in f) if f else "0"
        k.append("    %s, /* %s */\n" % (bits, w))
    k.append("    // clang-format on\n};\n\n")
    emit_kw_tables(k, kws, mult, disp, slot)
    k.append("uint16_t rws__kw_lookup(const char *s, size_t n)\n{\n    return rws__kw_lookup_inline(s, n);\n}\n")
    inc = [GEN, "/* Included by sql_words.h. */\n", LOOKUP_INC]

    f = [GEN, "/* Built-in function names: see the FUNCTIONS lists in the script. */\n",
         '#include "sql_words.h"\n\n']
    emit_lookup(f, "rws__fn_lookup", "uint8_t", [(w, "RWS_FN_" + cat) for w, cat in fns.items()],
                "RWS_FN_NONE")

    # For the unit tests only: every word with its id or category.
    t = [GEN, "/* Included by tests/unit/test_classify.c only. */\n"]
    t.append("static const struct {\n    const char *name;\n    int id;\n} rws_test_keywords[] = {\n")
    for w, _ in kws:
        t.append("    {\"%s\", RWS_KW_%s},\n" % (w, w))
    t.append("};\n\nstatic const struct {\n    const char *name;\n    int category;\n} "
             "rws_test_functions[] = {\n")
    for w, cat in fns.items():
        t.append("    {\"%s\", RWS_FN_%s},\n" % (w, cat))
    t.append("};\n")

    # A libFuzzer dictionary: the words and the lexical pieces the classifier cares about.
    d = ["# Generated by lib/gen_sql_words.py: libFuzzer dictionary for fuzz_classify.\n"]
    pieces = ["/*", "*/", "/*!", "/*!50001 ", "/*M!100100 ", "/*+", "-- ", "#", "'", "\\\"", "`",
              "\\\\", "\\\\'", "''", "@", "@@", "@@global.", "@@session.", ":=", ";", "(", ")",
              ",", ".", "=", "rwsplit:primary", "rwsplit:replica", "rwsplit:max_lag=", "autocommit",
              "insert_id", "last_insert_id", "identity", "warning_count", "session_track_"]
    for piece in pieces:
        d.append('"%s"\n' % piece)
    for w, _ in kws:
        d.append('"%s"\n' % w)
    for w, cat in fns.items():
        if cat != "READ":
            d.append('"%s("\n' % w)

    outputs = {"lib/sql_words.h": h, "lib/sql_keywords.c": k, "lib/sql_keywords.inc": inc,
               "lib/sql_functions.c": f,
               "tests/unit/sql_words_list.inc": t, "tests/fuzz/classify.dict": d}
    for rel, parts in outputs.items():
        with open(os.path.join(root, rel), "w") as fh:
            fh.write("".join(parts))
    print("%d keywords, %d functions" % (len(kws), len(fns)), file=sys.stderr)


if __name__ == "__main__":
    main()
