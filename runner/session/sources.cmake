# Sessions, the screen and their commands, compiled into gauntlet_cli
# (included from runner/CMakeLists.txt).
set(_gnt_r ${CMAKE_CURRENT_LIST_DIR}/..)
target_sources(gauntlet_cli PRIVATE
  ${_gnt_r}/cmd_history.c
  ${_gnt_r}/cmd_followups.c
  ${_gnt_r}/cmd_log.c
  ${_gnt_r}/cmd_resume.c
  ${_gnt_r}/cmd_start.c
  ${_gnt_r}/cmd_status.c
  ${_gnt_r}/cmd_submit.c
  ${_gnt_r}/cmd_test.c
  ${_gnt_r}/cmd_verify.c
  ${_gnt_r}/session/cmdline.c
  ${_gnt_r}/session/entry.c
  ${_gnt_r}/session/history.c
  ${_gnt_r}/session/journal.c
  ${_gnt_r}/session/questions.c
  ${_gnt_r}/session/practice.c
  ${_gnt_r}/session/seal.c
  ${_gnt_r}/session/session.c
  ${_gnt_r}/session/snapshot.c
  ${_gnt_r}/session/store.c
  ${_gnt_r}/session/testrun.c
  ${_gnt_r}/session/verify.c
  ${_gnt_r}/session/workspace.c
  ${_gnt_r}/tui/draw.c
  ${_gnt_r}/tui/followups.c
  ${_gnt_r}/tui/keys.c
  ${_gnt_r}/tui/markdown.c
  ${_gnt_r}/tui/tui.c
)

