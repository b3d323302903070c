/* commands.h — one entry point per subcommand, each in its own cmd_*.c. */
#ifndef GAUNTLET_COMMANDS_H
#define GAUNTLET_COMMANDS_H

int gnt_cmd_doctor(int argc, char **argv);

#endif
