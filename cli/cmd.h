/*
 * The subcommands of accord; each lives in cli/cmd_<verb>.c.
 */
#ifndef ACCORD_CMD_H
#define ACCORD_CMD_H

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_count(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_treaty(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_declare(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_reveal(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_notify(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_state(int argc, char **argv);
int cmd_reconcile(int argc, char **argv);
int cmd_peer(int argc, char **argv);
int cmd_sync(int argc, char **argv);
int cmd_bundle(int argc, char **argv);
int cmd_forks(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_whatif(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_negotiate(int argc, char **argv);
int cmd_odds(int argc, char **argv);
int cmd_exercise(int argc, char **argv);

#endif
