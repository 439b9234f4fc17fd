/* event_kinds — events.csv's kinds, generated from DDB_EVENT_KIND_MAP. See event_kinds.h. */
#include "sim/model/event_kinds.h"

#define NAME(id, name, meaning) [DDB_EVENT_##id] = name,
const char *const ddb_event_kind_name[DDB_EVENT_KIND_COUNT] = {DDB_EVENT_KIND_MAP(NAME)};
#undef NAME

#define MEANING(id, name, meaning) [DDB_EVENT_##id] = meaning,
const char *const ddb_event_kind_meaning[DDB_EVENT_KIND_COUNT] = {DDB_EVENT_KIND_MAP(MEANING)};
#undef MEANING
