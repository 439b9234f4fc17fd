/* event_kinds — the kinds of change a run records as rows of events.csv: the one list of their
 * names and meanings, an X-macro (as reasons.h) from which the enum, the names, the meanings and
 * docs/outputs.md are generated.
 *
 * X(ID, name, meaning): DDB_EVENT_<ID>; name is events.csv's kind; meaning says what happened
 * and what its detail column holds (an example in backquotes).
 */
#ifndef DDB_EVENT_KINDS_H
#define DDB_EVENT_KINDS_H

#define DDB_EVENT_KIND_MAP(X)                                                                      \
    X(CAPACITY_CHANGE, "capacity_change",                                                          \
      "the provisioned capacity changed: `wcu 3000 -> 4000`, with ` (auto scaling)` when auto "    \
      "scaling made it")                                                                           \
    X(AUTOSCALING, "autoscaling",                                                                  \
      "an auto scaling decision: `wcu: 2 minutes above 70%: 1449 in 300 s (alarm 120 s, update "  \
      "180 s)` (its capacity_change follows when it applies)")                                     \
    X(SPLIT, "split",                                                                              \
      "a partition split (partition = the one that split): `for heat: 1 -> 1, 4`, also "           \
      "`for size` and `for capacity`")                                                             \
    X(NO_SPLIT, "no_split",                                                                        \
      "a hot partition no split can help: `hot, but one key carries 60% of its traffic`")          \
    X(AUTOSCALING_REFUSED, "autoscaling_refused",                                                  \
      "an auto scaling increase refused: the table and its GSIs would pass the account's quota "   \
      "(`wcu 1429 -> 1992: table and GSIs 3427 > account_quota_wcu 3000`)")                        \
    X(CAPACITY_CHANGE_REFUSED, "capacity_change_refused",                                          \
      "a scheduled capacity increase refused, for the same reason as autoscaling_refused")         \
    X(ON_DEMAND_CAPACITY, "on_demand_capacity",                                                    \
      "an on-demand table's (or index's) allowance moved: `writes 1603/s -> 3264/s`")

#define DDB_EVENT_ENUM_(id, ...) DDB_EVENT_##id,
enum ddb_event_kind { DDB_EVENT_KIND_MAP(DDB_EVENT_ENUM_) DDB_EVENT_KIND_COUNT };
#undef DDB_EVENT_ENUM_

/* events.csv's kind of each: "capacity_change", "split", ... */
extern const char *const ddb_event_kind_name[DDB_EVENT_KIND_COUNT];
/* What each means, for people (docs/outputs.md). */
extern const char *const ddb_event_kind_meaning[DDB_EVENT_KIND_COUNT];

#endif
