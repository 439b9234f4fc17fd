/* sweep_mpi — `ddbsim sweep` and `ddbsim plan` across machines under mpirun (built with
 * -DDDBSIM_MPI=ON only).
 *
 * Every rank parses the same arguments and expands the same grid (both are deterministic). With a
 * world of more than one rank, every rank simulates: rank r runs the runs whose index is r modulo
 * the world's size, one at a time (-j is not used across ranks), and sends each result to rank 0,
 * which runs its own share too, takes the others' results between its runs and writes sweep.csv
 * in spec order through the same writer as the threaded sweep, so the file is the same bytes. A
 * rank whose run fails stops its share and says so; rank 0 reports the failed run of lowest
 * index. A rank waiting on MPI sleeps between looks instead of spinning a core (MPI's blocking
 * calls busy-poll). --keep-runs folders are written by the rank that ran them (a shared
 * filesystem is assumed). Only rank 0 prints; every rank exits with the same status. Results
 * travel as the bytes of ddb_run_result, its GSI reports and its strings: every rank must run the
 * same binary on the same architecture.
 *
 * Without mpirun (no launcher in the environment) MPI is not initialised at all, and with a world
 * of one rank the sweep runs on threads as usual: then every function below is a no-op.
 */
#ifndef DDB_CLI_SWEEP_MPI_H
#define DDB_CLI_SWEEP_MPI_H

#include <stdbool.h>
#include <stddef.h>
#include "sim/output/stage.h"
#include "sim/runs/sweep.h"

/* Initialise MPI when started by a launcher; on ranks other than 0, stdout and stderr are sent to
 * /dev/null. */
void ddb_mpi_begin(void);
/* This rank (0 without MPI) and the world's size (1 without MPI). */
int ddb_mpi_rank(void);
int ddb_mpi_size(void);
/* Collective: true when any rank passed true. Without MPI: failed. */
bool ddb_mpi_any_failed(bool failed);
/* Rank 0's len bytes of buf copied to every rank (the staging folder's name: --keep-runs folders
 * are written by the rank that ran them). */
void ddb_mpi_share(char *buf, size_t len);
/* Collective: rank 0 stages dir (ddb_cli_stage_begin into *st; the other ranks leave st alone);
 * every rank learns whether it could and the staging folder's name (*tmp, malloc'd: --keep-runs
 * folders are written there by the rank that ran them). Returns 0, or -1 with one line in err on
 * every rank. Without MPI, or in a world of one rank: ddb_cli_stage_begin. */
int ddb_mpi_stage_begin(ddb_stage *st, const char *dir, bool force, char **tmp, char *err,
                        size_t errlen);
/* Collective, for a world of more than one rank: every rank runs its share of w's runs; rank 0
 * fills results[0 .. w->n_runs) as ddb_sweep_run does (progress from o); the other ranks return
 * with results untouched. Returns 0, or -1 with one line in err (on rank 0: the first
 * failed run's, as ddb_sweep_run); then results hold nothing to free. */
int ddb_mpi_sweep_run(const ddb_sweep *w, const ddb_sweep_options *o, ddb_run_result *results,
                      char *err, size_t errlen);
/* Collective, for a world of more than one rank: as ddb_mpi_sweep_run, and then rank 0's results
 * (or its error) go to every rank, so that every rank fills results[0 .. w->n_runs) with the same
 * values (a GSI report's name excepted: NULL) and returns the same status. For runs whose
 * results decide what runs next (ddbsim plan): every rank decides alike. */
int ddb_mpi_sweep_run_all(const ddb_sweep *w, const ddb_sweep_options *o,
                          ddb_run_result *results, char *err, size_t errlen);
/* Collective: the exit status every rank returns (the worst of all ranks'); finalises MPI. */
int ddb_mpi_end(int status);

#endif
