/* plan — `ddbsim plan`: the least provisioned capacity that keeps throttling under a target. */
#ifndef DDB_CLI_PLAN_H
#define DDB_CLI_PLAN_H

int ddb_cmd_plan(int argc, char **argv);

#endif
