/* commands.h — one entry point per subcommand, each in its own cmd_*.c. */
#ifndef GAUNTLET_COMMANDS_H
#define GAUNTLET_COMMANDS_H

int gnt_cmd_doctor(int argc, char **argv);
int gnt_cmd_followups(int argc, char **argv);
int gnt_cmd_grade(int argc, char **argv);
int gnt_cmd_inspect(int argc, char **argv);
int gnt_cmd_keygen(int argc, char **argv);
int gnt_cmd_history(int argc, char **argv);
int gnt_cmd_log(int argc, char **argv);
int gnt_cmd_new(int argc, char **argv);
int gnt_cmd_pack(int argc, char **argv);
int gnt_cmd_pool(int argc, char **argv);
int gnt_cmd_report(int argc, char **argv);
int gnt_cmd_resume(int argc, char **argv);
int gnt_cmd_review(int argc, char **argv);
#include "cmd_run.h"
int gnt_cmd_start(int argc, char **argv);
int gnt_cmd_status(int argc, char **argv);
int gnt_cmd_submit(int argc, char **argv);
int gnt_cmd_test(int argc, char **argv);
int gnt_cmd_ticket(int argc, char **argv);
int gnt_cmd_unpack(int argc, char **argv);
int gnt_cmd_validate(int argc, char **argv);
int gnt_cmd_verify(int argc, char **argv);

#endif
