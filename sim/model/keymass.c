/* keymass — dense keys' probabilities grouped by partition. See keymass.h. */
#include "sim/model/keymass.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"

bool ddb_keymass_supported(const ddb_keydraw *kd, const char **why)
{
    if (!kd->domain) {
        *why = "its keys are hashed (a clock part, inserts or more than 2^22 values)";
        return false;
    }
    if (kd->n_derived || kd->any_inserts) {
        *why = "its key uses a derived or inserting attribute";
        return false;
    }
    for (size_t i = 0; i < kd->n_parts; i++) {
        const ddb_tpl_part *part = &kd->tpl->parts[i];
        if (kd->role[i] == DDB_TPL_SHARD && part->shard_attr >= 0) {
            *why = "its key has a calculated suffix {shard:N:attr}";
            return false;
        }
        if (kd->role[i] == DDB_TPL_ATTR && !ddb_dist_has_pmf(kd->dists[part->attr])) {
            *why = "its key's attribute has no probabilities of its own (derived)";
            return false;
        }
    }
    return true;
}

/* Key number `number`'s probability: its parts are drawn independently. */
static double key_pmf(ddb_keydraw *kd, uint64_t number)
{
    ddb_keydraw_decode(kd, number);
    double p = 1.0;
    for (size_t i = 0; i < kd->n_parts; i++) {
        const ddb_tpl_part *part = &kd->tpl->parts[i];
        if (kd->role[i] == DDB_TPL_SHARD)
            p /= (double)part->shard_n;
        else if (kd->role[i] == DDB_TPL_ATTR)
            p *= ddb_dist_pmf(kd->dists[part->attr], kd->attr_values[part->attr]);
    }
    return p;
}

/* The hot keys' order: descending pmf, then ascending key number. */
static bool hotter(const ddb_keymass *m, uint32_t x, uint32_t y)
{
    return m->pmf[x] != m->pmf[y] ? m->pmf[x] > m->pmf[y] : x < y;
}

/* Put x at the root of the heap h[0..n) (the least hot at the root) and sift it down. */
static void sift_down(const ddb_keymass *m, uint32_t *h, size_t n, uint32_t x)
{
    size_t i = 0;
    for (size_t c = 1; c < n; c = 2 * i + 1) {
        if (c + 1 < n && hotter(m, h[c], h[c + 1]))
            c++;
        if (!hotter(m, x, h[c]))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = x;
}

/* The n_hot hottest keys, hottest first: a heap of the hottest so far whose root is the least
 * of them, so that the usual key costs one comparison (no sort of every key). */
static void find_hot(ddb_keymass *m)
{
    uint32_t *h = m->hot;
    size_t n = 0;
    for (uint64_t k = 0; k < m->n; k++) {
        uint32_t x = (uint32_t)k;
        if (n < m->n_hot) { /* sift up */
            size_t i = n++;
            for (; i > 0 && hotter(m, h[(i - 1) / 2], x); i = (i - 1) / 2)
                h[i] = h[(i - 1) / 2];
            h[i] = x;
        } else if (hotter(m, x, h[0])) {
            sift_down(m, h, n, x);
        }
    }
    for (size_t end = n; end > 1; end--) { /* heap sort, in place: the least goes last */
        uint32_t x = h[end - 1];
        h[end - 1] = h[0];
        sift_down(m, h, end - 1, x);
    }
}

/* order = the key numbers by ascending hash, ties by number: a stable radix sort, 8 bits at a
 * time, of the numbers in ascending order. */
static void sort_by_hash(ddb_keymass *m)
{
    uint32_t *tmp = ddb_xmalloc((size_t)m->n * sizeof *tmp);
    for (uint64_t k = 0; k < m->n; k++)
        m->order[k] = (uint32_t)k;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (uint64_t i = 0; i < m->n; i++)
            count[((m->hash[m->order[i]] >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (uint64_t i = 0; i < m->n; i++)
            tmp[count[(m->hash[m->order[i]] >> shift) & 0xff]++] = m->order[i];
        memcpy(m->order, tmp, (size_t)m->n * sizeof *tmp);
    }
    free(tmp);
}

void ddb_keymass_init(ddb_keymass *m, ddb_keydraw *kd, size_t n_hot)
{
    memset(m, 0, sizeof *m);
    DDB_CHECK(kd->domain > 0 && kd->domain <= UINT32_MAX, "keymass over %llu keys",
              (unsigned long long)kd->domain);
    m->n = kd->domain;
    for (size_t i = 0; i < kd->n_parts; i++)
        if (kd->role[i] == DDB_TPL_ATTR)
            DDB_CHECK(ddb_dist_prepare_pmf(kd->dists[kd->tpl->parts[i].attr]),
                      "no probabilities for the key's part %zu", i);
    m->pmf = ddb_xmalloc((size_t)m->n * sizeof *m->pmf);
    m->hash = ddb_xmalloc((size_t)m->n * sizeof *m->hash);
    m->order = ddb_xmalloc((size_t)m->n * sizeof *m->order);
    for (uint64_t k = 0; k < m->n; k++) {
        m->pmf[k] = key_pmf(kd, k); /* decodes k: the render below is k's */
        size_t len = ddb_keydraw_render(kd, 0);
        m->hash[k] = ddb_key_hash(kd->buf, len);
    }
    m->n_hot = n_hot < 1 ? 1 : n_hot > m->n ? (size_t)m->n : n_hot;
    m->hot = ddb_xmalloc(m->n_hot * sizeof *m->hot);
    m->hot_placed = ddb_xmalloc(m->n_hot * sizeof *m->hot_placed);
    find_hot(m);
    sort_by_hash(m);
}

/* The first position of order whose key's hash is at least h. */
static size_t lower_bound(const ddb_keymass *m, uint64_t h)
{
    size_t lo = 0, hi = (size_t)m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->hash[m->order[mid]] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Partition p's draw table over its run [first, end): kept when the run is the same. */
static void place_run(ddb_keymass *m, size_t p, size_t first, size_t end, bool same)
{
    if (same)
        return;
    if (m->table[p])
        gsl_ran_discrete_free(m->table[p]);
    m->table[p] = NULL;
    double sum = 0.0;
    double *w = ddb_xmalloc((end > first ? end - first : 1) * sizeof *w);
    for (size_t pos = first; pos < end; pos++)
        sum += w[pos - first] = m->pmf[m->order[pos]];
    m->mass[p] = sum;
    if (sum > 0.0)
        m->table[p] = gsl_ran_discrete_preproc(end - first, w);
    free(w);
}

void ddb_keymass_place(ddb_keymass *m, const ddb_keyspace *ks, size_t n_partitions)
{
    DDB_CHECK(ks->n == n_partitions, "keymass over %zu ranges of %zu partitions", ks->n,
              n_partitions);
    size_t old = m->n_partitions;
    m->n_partitions = n_partitions;
    m->first = ddb_xrealloc(m->first, n_partitions * sizeof *m->first);
    m->end = ddb_xrealloc(m->end, n_partitions * sizeof *m->end);
    m->mass = ddb_xrealloc(m->mass, n_partitions * sizeof *m->mass);
    m->table = ddb_xrealloc(m->table, n_partitions * sizeof *m->table);
    for (size_t p = old; p < n_partitions; p++)
        m->table[p] = NULL;
    for (size_t r = 0; r < ks->n; r++) {
        uint32_t p = ks->part[r];
        size_t first = lower_bound(m, ks->start[r]);
        size_t end = r + 1 < ks->n ? lower_bound(m, ks->start[r + 1]) : (size_t)m->n;
        place_run(m, p, first, end, p < old && m->first[p] == first && m->end[p] == end);
        m->first[p] = first;
        m->end[p] = end;
    }
    /* The hot keys by partition, a counting sort that keeps their heat order. */
    free(m->hot_first);
    m->hot_first = ddb_xcalloc(n_partitions + 1, sizeof *m->hot_first);
    uint32_t *part_of = ddb_xmalloc(m->n_hot * sizeof *part_of);
    for (size_t i = 0; i < m->n_hot; i++) {
        part_of[i] = (uint32_t)ddb_keyspace_lookup(ks, m->hash[m->hot[i]]);
        m->hot_first[part_of[i] + 1]++;
    }
    for (size_t p = 0; p < n_partitions; p++)
        m->hot_first[p + 1] += m->hot_first[p];
    size_t *fill = ddb_xmalloc(n_partitions * sizeof *fill);
    memcpy(fill, m->hot_first, n_partitions * sizeof *fill);
    for (size_t i = 0; i < m->n_hot; i++)
        m->hot_placed[fill[part_of[i]]++] = m->hot[i];
    free(fill);
    free(part_of);
    if (m->parts)
        gsl_ran_discrete_free(m->parts);
    m->parts = gsl_ran_discrete_preproc(n_partitions, m->mass);
}

uint64_t ddb_keymass_draw(const ddb_keymass *m, size_t p, const gsl_rng *rng)
{
    return m->order[m->first[p] + gsl_ran_discrete(rng, m->table[p])];
}

uint64_t ddb_keymass_draw_any(ddb_keymass *m, const gsl_rng *rng)
{
    if (!m->all)
        m->all = gsl_ran_discrete_preproc((size_t)m->n, m->pmf);
    return gsl_ran_discrete(rng, m->all);
}

void ddb_keymass_spread(const ddb_keymass *m, size_t p, uint64_t n, int64_t cost_milli,
                        const gsl_rng *rng, ddb_keymass_credit *credit, void *ctx)
{
    size_t hot_first = m->hot_first[p], hot_end = m->hot_first[p + 1];
    if (n <= hot_end - hot_first) {
        for (; n > 0; n--) {
            int64_t kc = cost_milli / (int64_t)n;
            cost_milli -= kc;
            credit(ctx, ddb_keymass_draw(m, p, rng), 1, kc);
        }
        return;
    }
    double left = m->mass[p];
    for (size_t h = hot_first; h < hot_end && n > 0 && left > 0.0; h++) {
        uint32_t key = m->hot_placed[h];
        double pk = m->pmf[key];
        uint64_t c = gsl_ran_binomial(rng, fmin(1.0, pk / left), (unsigned)n);
        left -= pk;
        if (!c)
            continue;
        int64_t kc = (int64_t)llround((double)cost_milli * (double)c / (double)n);
        n -= c;
        cost_milli -= kc;
        credit(ctx, key, c, kc);
    }
}

/* The keys grouped by probability: group g holds the keys whose pmf is in [top r^(g+1), top r^g),
 * r = 1/1.01 (top the largest pmf). Keys below 10^-30 of the top are left out: no run draws
 * them. */
#define BIN_RATIO 1.01
static void make_bins(ddb_keymass *m)
{
    double top = 0.0;
    for (uint64_t k = 0; k < m->n; k++)
        top = m->pmf[k] > top ? m->pmf[k] : top;
    size_t n_bins = (size_t)ceil(log(1e30) / log(BIN_RATIO)) + 1;
    m->bin_keys = ddb_xcalloc(n_bins, sizeof *m->bin_keys);
    m->bin_pmf = ddb_xcalloc(n_bins, sizeof *m->bin_pmf);
    for (uint64_t k = 0; k < m->n; k++) {
        if (m->pmf[k] <= top * 1e-30)
            continue;
        size_t g = (size_t)(log(top / m->pmf[k]) / log(BIN_RATIO));
        g = g < n_bins ? g : n_bins - 1;
        m->bin_keys[g] += 1.0;
        m->bin_pmf[g] += m->pmf[k];
    }
    size_t used = 0; /* the groups that hold keys, packed */
    for (size_t g = 0; g < n_bins; g++)
        if (m->bin_keys[g] > 0.0) {
            m->bin_pmf[used] = m->bin_pmf[g] / m->bin_keys[g];
            m->bin_keys[used++] = m->bin_keys[g];
        }
    m->n_bins = used;
}

/* D(n) over the groups. */
static double binned_distinct(const ddb_keymass *m, double n)
{
    double sum = 0.0;
    for (size_t g = 0; g < m->n_bins; g++)
        sum += m->bin_keys[g] * -expm1(n * log1p(-m->bin_pmf[g]));
    return sum;
}

double ddb_keymass_new_share(ddb_keymass *m, double n0, double n1)
{
    if (!m->bin_keys)
        make_bins(m);
    if (n1 <= n0)
        return 0.0;
    double share = (binned_distinct(m, n1) - binned_distinct(m, n0)) / (n1 - n0);
    return share < 0.0 ? 0.0 : share > 1.0 ? 1.0 : share;
}

double ddb_keymass_expected_distinct(const ddb_keymass *m, double n)
{
    double sum = 0.0;
    for (uint64_t k = 0; k < m->n; k++)
        sum += -expm1(n * log1p(-m->pmf[k]));
    return sum;
}

void ddb_keymass_destroy(ddb_keymass *m)
{
    free(m->pmf);
    free(m->hash);
    free(m->order);
    free(m->hot);
    free(m->hot_placed);
    free(m->first);
    free(m->end);
    free(m->mass);
    free(m->hot_first);
    for (size_t p = 0; p < m->n_partitions; p++)
        if (m->table[p])
            gsl_ran_discrete_free(m->table[p]);
    free(m->table);
    if (m->parts)
        gsl_ran_discrete_free(m->parts);
    if (m->all)
        gsl_ran_discrete_free(m->all);
    free(m->bin_keys);
    free(m->bin_pmf);
    memset(m, 0, sizeof *m);
}
