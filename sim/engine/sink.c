/* sink — the sink that takes nothing. See sink.h. */
#include "sim/engine/sink.h"

static const ddb_sink_ops none_ops = {0};
const ddb_sink ddb_sink_none = {&none_ops, 0};
