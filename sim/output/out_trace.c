/* out_trace — the trace sink. See out_trace.h. */
#include "sim/output/out_trace.h"

#include <string.h>
#include "workloads/trace.h"

/* RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled. */
static void field(FILE *f, const char *s, size_t n)
{
    if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n)) {
        fwrite(s, 1, n, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            fputc('"', f);
        fputc(s[i], f);
    }
    fputc('"', f);
}

static int trace_open(void *ctx, const ddb_scenario *s, char *err, size_t errlen)
{
    (void)s, (void)err, (void)errlen;
    fputs(DDB_TRACE_HEADER "\n", (FILE *)ctx);
    return 0;
}

/* One line of DDB_TRACE_HEADER's columns; the sort key is left empty. */
static void trace_request(void *ctx, const ddb_request_row *r)
{
    FILE *f = ctx;
    fprintf(f, "%lld.%09lld,%s,", (long long)(r->t_ns / 1000000000),
            (long long)(r->t_ns % 1000000000), r->op);
    field(f, r->key, r->key_len);
    fprintf(f, ",,%llu,%s,", (unsigned long long)r->item_bytes, r->consistency);
    field(f, r->index, strlen(r->index));
    fputc('\n', f);
}

static const ddb_sink_ops trace_ops = {.open = trace_open, .request = trace_request};

int ddb_run_to_trace(const ddb_scenario *s, FILE *out, ddb_report *report, char *err,
                     size_t errlen)
{
    ddb_sink sink = {&trace_ops, out};
    return ddb_engine_run(s, &sink, NULL, NULL, report, err, errlen);
}
