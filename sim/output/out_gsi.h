/* out_gsi — gsi.csv, one row per interval per global secondary index, in the columns of
 * sim/output/schema.h (DDB_GSI_COLUMNS). Lag is from the base write's admission to the index
 * write's, over the index writes applied in the interval (empty when none was); backlog is the
 * index writes waiting for capacity at the interval's end; back-pressure throttles are base writes
 * refused because of this index.
 */
#ifndef DDB_OUT_GSI_H
#define DDB_OUT_GSI_H

#include <stdint.h>
#include <stdio.h>
#include "sim/model/rows.h"

void ddb_csv_gsi_header(FILE *f);
void ddb_csv_gsi_row(FILE *f, const ddb_gsi_row *r);

#endif
